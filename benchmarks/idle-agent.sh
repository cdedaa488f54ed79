#!/usr/bin/env bash
# The footprint benchmark's lightweight stand-in agent (one bash process per session instead of a .NET one): reports
# idle through the status contract, notes that it received input in MARKER_DIR/$CODEMATE_SESSION_NAME.got, reports idle
# again after every line. It ends when tmux closes its terminal (read gets end of file).
# Usage (CODEMATE_AGENT_COMMAND): exec bash idle-agent.sh MARKER_DIR
set -u
printf idle > "$CODEMATE_STATUS_FILE"
while IFS= read -r _; do
  : > "$1/$CODEMATE_SESSION_NAME.got"
  printf idle > "$CODEMATE_STATUS_FILE"
done
