"""`cockpit chat`: a pure ChatController (line in, Output out) and two front
ends over it, the prompt-toolkit REPL (`terminal`) and the pipe mode (`pipe`).
"""

from assistant.repl.controller import ChatController, Line, Output

__all__ = ["ChatController", "Line", "Output"]
