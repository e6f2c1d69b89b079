"""The pipe mode: one utterance a line in, plain text out, no terminal needed.

`printf 'turn on the ac\nwarmer\n' | cockpit chat` prints each reply with what
was understood and changed; errors go to standard error.
"""

from __future__ import annotations

from typing import IO

from assistant.repl.controller import ChatController
from assistant.repl.render import plain_lines


def run_pipe(controller: ChatController, stdin: IO[str], stdout: IO[str], stderr: IO[str],
             brief: bool = False) -> int:
    """Serve every line until the input ends or :quit; 1 if any line failed."""
    failed = False
    for raw in stdin:
        output = controller.handle(raw)
        for kind, text in plain_lines(output, brief):
            print(text, file=stderr if kind == "error" else stdout)
            failed = failed or kind == "error"
        stdout.flush()
        if output.quit:
            break
    return 1 if failed else 0
