#!/usr/bin/env bash
# Installs the Claude Code version Codemate is tested with into .cache/claude-code (ignored by git), from npm.
# The package ships a native binary for this platform; nothing else is downloaded. The tests look for
# .cache/claude-code/node_modules/.bin/claude (or CODEMATE_TEST_CLAUDE).
set -euo pipefail
cd "$(dirname "$0")/.."
# Keep in step with ClaudeCodeProfile.TestedVersion and docker/Dockerfile.webhook (a test checks all three agree).
CLAUDE_CODE_VERSION=2.1.332
prefix=.cache/claude-code
binary="$prefix/node_modules/.bin/claude"
if [ -x "$binary" ] && [ "$("$binary" --version 2>/dev/null | cut -d' ' -f1)" = "$CLAUDE_CODE_VERSION" ]; then
  exit 0
fi
mkdir -p "$prefix"
DISABLE_AUTOUPDATER=1 npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
  "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION"
"$binary" --version
