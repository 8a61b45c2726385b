"""The expected errors: problems a person can act on.

Anything raised from this family is shown as one clear message (stderr on the
command line, one dialog in the window); its type says what kind of problem it
is, so no caller ever reads the message to decide what to do. Everything else
is a bug and goes to the crash handler.

    ExtractorError          a problem the user can fix
      InputError            a file or value given to us is wrong at a known place
        FormError           a form definition is malformed
        PasswordError       a PDF is protected by a password not given, or not right
      ValueProblem          a value does not fit its field
      NotFoundError         something named is not in the project
      ConflictError         the action clashes with what the project holds
      RefusedError          the action is not allowed here
      UsageError            a command was called the wrong way (exit status 2)
      ProjectFileError      the project file cannot be opened, read or written
        ProjectBusyError    another program holds the project locked (also LockedError)
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

    def __reduce__(self) -> tuple[type[InputError], tuple[str, list[str]]]:
        # Rebuilt from its parts when it travels from a worker process.
        return (type(self), (self.source, self.problems))

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


class PasswordError(InputError):
    """A PDF is protected by a password, and none was given or the one given is wrong."""


class ValueProblem(ExtractorError):
    """A value does not fit its field; the message is the reason, for the user."""


class NotFoundError(ExtractorError):
    """A study, form, reviewer, field or file named by the user is not there."""


class ConflictError(ExtractorError):
    """The action clashes with what the project already holds."""


class RefusedError(ExtractorError):
    """The action is not allowed on this project or by this reviewer."""


class UsageError(ExtractorError):
    """A command was called with options that do not fit together or do not parse."""


class ProjectFileError(ExtractorError):
    """A project file cannot be opened, read or written as asked."""


class LockedError(ExtractorError):
    """Something is held by another program for longer than we wait."""


class ProjectBusyError(ProjectFileError, LockedError):
    """Another program holds the project file locked for longer than we wait."""
