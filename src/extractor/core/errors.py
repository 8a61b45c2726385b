"""The expected errors: problems with the user's input or files.

Anything raised from this family is shown to the user as one clear message
(stderr on the command line, a dialog in the GUI). Everything else is a bug.
"""

from __future__ import annotations


class ExtractorError(Exception):
    """A problem the user can fix; the message says what and where."""


class InputError(ExtractorError):
    """A file the user gave us is wrong at a known place.

    `problems` holds one line per problem so that a whole file can be reported
    at once, each naming the file and the line or field.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(problems))

    @classmethod
    def at(cls, source: str, where: str | int | None, problem: str) -> InputError:
        return cls(source, [locate(source, where, problem)])


def locate(source: str, where: str | int | None, problem: str) -> str:
    """Format one problem as `file, line N: problem` or `file, <place>: problem`."""
    if where is None:
        return f"{source}: {problem}"
    if isinstance(where, int):
        return f"{source}, line {where}: {problem}"
    return f"{source}, {where}: {problem}"


class FormError(InputError):
    """A form definition is malformed."""


class ValueProblem(ExtractorError):
    """A value does not fit its field; the message is the reason, for the user."""


class ProjectFileError(ExtractorError):
    """A project file cannot be opened or created as asked."""


class ProjectBusyError(ProjectFileError):
    """Another program holds the project file locked for longer than we wait."""
