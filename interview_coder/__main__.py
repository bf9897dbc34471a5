from interview_coder.cli import main

main(prog_name="interview-coder")
