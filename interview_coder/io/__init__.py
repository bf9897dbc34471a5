"""Reading and writing files: transcripts, codebooks, exports."""
