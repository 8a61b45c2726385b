"""Guards against faults of the Qt binding that the app would otherwise meet in the field."""

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    fired = Signal(int)


def test_emitting_signals_keeps_reference_counts():
    # PySide6 6.12.0 dropped a reference to True on every emit; on Python 3.11,
    # where True is not immortal, a long session then crashed the interpreter.
    emitter = Emitter()
    before = sys.getrefcount(True)
    for number in range(200):
        emitter.fired.emit(number)
    assert sys.getrefcount(True) >= before - 5
