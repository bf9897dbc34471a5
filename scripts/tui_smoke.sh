#!/usr/bin/env bash
# Try the coding workbench by hand, as a new user would, in tmux (own socket): build the sample
# project, auto-code it, then in the TUI: name the coder, code five passages (whole, span, from
# the codebook filter), accept/reject suggestions, undo, write a memo, code a Chinese span, search,
# read the reports and help; then (issue 13) code in vivo, press @ and other stray keys, page
# through a passage, mark passages reviewed, leave a memo with Escape (it asks) and search with a
# regular expression (in a thread, time-limited), read a 3,000-character answer and select two
# sentences with a count (v 2 )), make a code in the new-code dialog, open its definition, merge it
# into another code (undo, redo) and list passages like one. Each step's screen is captured to $OUT; the CLI then shows the
# codings and the new code. IC is the command (default: interview-coder; in a worktree:
# IC="python -m interview_coder"). Usage: scripts/tui_smoke.sh [COLSxROWS ...]   (default: 80x24 200x50)
set -euo pipefail
IC=${IC:-interview-coder}

OUT=${OUT:-/tmp/tui_smoke}
SOCKET=ic-smoke-$$
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(80x24 200x50)
mkdir -p "$OUT"
trap 'tmux -L "$SOCKET" kill-server 2>/dev/null || true' EXIT

step() {  # step NAME KEYS... : send keys, wait, capture the screen into $OUT/SIZE-NN-NAME.txt
  local name=$1; shift
  for key in "$@"; do tmux -L "$SOCKET" send-keys -t smoke "$key"; sleep 0.15; done
  sleep 0.8
  n=$((n + 1))
  tmux -L "$SOCKET" capture-pane -p -t smoke > "$OUT/$size-$(printf %02d $n)-$name.txt"
  echo "== $size step $n: $name"
  cat "$OUT/$size-$(printf %02d $n)-$name.txt"
}

type_text() { tmux -L "$SOCKET" send-keys -t smoke -l "$1"; sleep 0.3; }

for size in "${SIZES[@]}"; do
  cols=${size%x*}; rows=${size#*x}; n=0
  db="$OUT/smoke-$size.db"
  $IC demo -p "$db" --fresh > /dev/null 2>&1
  $IC autocode -p "$db" -q
  long="$OUT/long_answer.txt"  # issue 13: one answer of about 3,000 characters, English then Chinese
  {
    printf -- '---\nrespondent: L01\ngroup: enterprise\n---\nInterviewer: Tell me about your partners.\n\nL01: '
    for k in $(seq 1 30); do printf 'Sentence %s: we test sensors with partners in the lab. ' "$k"; done
    for k in $(seq 1 30); do printf '第%s句，我们和高校一起申请专利。' "$k"; done
    printf '\n\nInterviewer: Thanks.\n\nL01: You are welcome.\n'
  } > "$long"
  $IC import -p "$db" "$long" > /dev/null 2>&1
  tmux -L "$SOCKET" new-session -d -s smoke -x "$cols" -y "$rows" "$IC tui -p '$db'; echo EXIT=\$?; sleep 60"
  sleep 2.5
  step coder-prompt
  type_text "smoke"; step overview Enter
  step reader Enter                                   # open en_ent_01_ceo
  step code-passage-1 1                               # quick code 1 on the whole passage
  step code-passage-2 j 2
  step code-span-3 j v w w 3                          # a span: two words (Chinese: two clauses)
  step codebook-filter j c; type_text "risk"; step code-passage-4 Enter
  step code-passage-5 j 5
  step next-suggestion n
  step accept a
  step reject n r
  step accept-all n A
  step undo u
  step memo m; type_text "Customers pull this firm's innovation."; step memo-saved C-s
  step back-to-overview Escape
  step filter f; type_text "zh_ent_01"; step open-chinese Enter Enter
  step chinese-span v w l l
  step chinese-coded 1
  step search / ; type_text "客户"; step search-results
  step search-jump Enter
  step reports R
  step reports-factors k
  step reports-table v
  step help Escape "?"
  step back-to-reader Escape Escape
  step in-vivo v w w i                                # issue 13: the words become a new code
  step new-code C-n; type_text "Talent pipeline"; step new-code-name Tab
  type_text "人才储备"; step new-code-zh Tab Down Tab
  type_text "Hiring and keeping skilled people"; step new-code-saved C-s
  step definition C-o                                 # the highlighted code's definition under the panel
  step merge-pick c; type_text "talent pi"; step merge-choose C-g
  type_text "talent"; step merged Enter               # Talent pipeline merged into Talent
  step merge-undone Escape u                          # u brings Talent pipeline back
  step merge-redone C-r
  step similar p; sleep 8; step similar-list          # passages like this one (in a thread: seconds)
  step similar-jump Enter
  step stray-keys @ "#" "%" "~"                      # used to crash (@)
  step page-inside Space Space
  step reviewed .
  step next-reviewed j .
  step memo-escape m; type_text "not lost"; step memo-asks Escape
  step memo-saved-2 C-s
  step regex-search / C-x C-t; type_text "(a|aa)+\$"; sleep 3.5; step regex-search-shown
  step long-answer Escape Escape o f; type_text "long_answer"; step long-open Enter Enter  # (a search hit is selected)
  step long-read Space Space Space                     # issue 13: read the 3,000-character answer
  step long-sentence g v 2 ")"                        # back to the answer, two sentences (a count and a motion)
  step long-coded 1
  step long-chinese v 3 2 ")" "}"                     # 32 sentences reach the Chinese part, then a clause
  step long-undo Escape u                             # undo the coding of the two sentences
  step quit Escape Escape q
  echo "== $size: the codings in the CLI"
  $IC codings export -p "$db" --format csv | awk -F, 'NR == 1 || /smoke/' | head -20
  $IC report frequencies -p "$db" --coder smoke --by group | head -30
  echo "== $size: the in-vivo code in codebook export"
  $IC codebook export -p "$db" | tail -8
  echo "== $size: merged: talent_pipeline gone from codebook export (count 0), the merge in the history"
  $IC codebook export -p "$db" | grep -c "id: talent_pipeline" || true
  $IC history -p "$db" --coder smoke --limit 5
  tmux -L "$SOCKET" kill-session -t smoke 2>/dev/null || true
done
echo "captures in $OUT"
