"""The window's side of the PDF render process (see `extractor.pdf.render_service`).

One render process serves the whole application; each viewer holds a
`PdfRenderer`, its channel to that process. Requests leave through a sending
thread, so the UI thread never waits on the pipe; answers arrive on a reading
thread, which copies page images out of shared memory into QImages and hands
every answer to the UI thread as a queued signal. If the process dies (MuPDF
crashing on a malformed file), the viewers are told, and the next document
opened starts a new one. A request that runs past its time (a page made to take
minutes to draw) is stopped the same way, by a watching thread here; then every
viewer's document is opened again in a new process, and the page that ran away is
reported and not asked for again.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from multiprocessing.shared_memory import SharedMemory

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from extractor.pdf.layout import Viewport
from extractor.pdf.render_service import Message, Runaway, Watch, serve

RUNAWAY_SECONDS = 10.0  # a page of a real article takes a fraction of a second
WATCH_INTERVAL = 0.2
STOPPED = "{source}: the page renderer stopped while reading this file, which may be damaged. To try again, select another study, then this one."


class _Bridge(QObject):
    """Lives on the UI thread; the reading thread emits, the UI thread receives."""

    answer = Signal(object)


class RenderProcess:
    """The application's render process, started when first needed."""

    _shared: RenderProcess | None = None
    runaway_seconds = RUNAWAY_SECONDS

    @classmethod
    def shared(cls) -> RenderProcess:
        if cls._shared is None:
            cls._shared = cls()
            atexit.register(cls._shared.stop)
        return cls._shared

    def __init__(self) -> None:
        self._bridge = _Bridge()
        self._bridge.answer.connect(self._route)
        self._renderers: dict[int, PdfRenderer] = {}
        self._numbers = itertools.count(1)
        self._process: multiprocessing.process.BaseProcess | None = None
        self._outbox: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
        self._attached: dict[str, SharedMemory] = {}
        self._attached_lock = threading.Lock()
        self._runaway: Runaway | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def join(self, renderer: PdfRenderer) -> int:
        number = next(self._numbers)
        self._renderers[number] = renderer
        return number

    def leave(self, number: int) -> None:
        if self._renderers.pop(number, None) is not None:
            self.send(("leave", number))

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def send(self, message: Message, start: bool = False) -> None:
        """Queue a request; only opening a document starts a stopped process."""
        if not self.running:
            if not start:
                return
            self.start()
        self._outbox.put(message)

    def start(self) -> None:
        """Start the process unless it runs: it takes a few tenths of a second to be
        ready, which a viewer made before its first document need not wait for."""
        if self.running:
            return
        context = multiprocessing.get_context("spawn")  # a fork would copy Qt's threads
        requests_in, requests_out = context.Pipe(duplex=False)
        replies_in, replies_out = context.Pipe(duplex=False)
        watch = Watch()
        process = context.Process(
            target=serve,
            args=(requests_in, replies_out, watch),
            name="extractor-pdf",
            daemon=True,
        )
        process.start()
        requests_in.close()  # this side's copies, so that a dead process reads as EOF
        replies_out.close()
        self._process = process
        self._outbox = queue.SimpleQueue()
        threading.Thread(
            target=self._send_loop, args=(requests_out, self._outbox), daemon=True
        ).start()
        threading.Thread(
            target=self._read_loop, args=(replies_in, self._outbox, process), daemon=True
        ).start()
        threading.Thread(target=self._watch_loop, args=(process, watch), daemon=True).start()

    def stop(self) -> None:
        process = self._process
        self._process = None
        if process is not None:
            self._outbox.put(None)
            process.join(2)
            if process.is_alive():
                process.terminate()
        self._let_go_of_images()

    def _let_go_of_images(self) -> None:
        with self._attached_lock:
            for memory in self._attached.values():
                memory.close()
            self._attached.clear()

    @staticmethod
    def _send_loop(connection: Connection, outbox: queue.SimpleQueue[Message | None]) -> None:
        try:
            while True:
                message = outbox.get()
                connection.send(message)
                if message is None:
                    return
        except OSError:
            return  # the process has gone; the reading thread reports it
        finally:
            connection.close()

    def _read_loop(
        self, connection: Connection, outbox: queue.SimpleQueue[Message | None], process: object
    ) -> None:
        try:
            while True:
                message = connection.recv()
                if message[0] == "rendered":
                    message = self._take_image(message, outbox)
                elif message[0] == "dropped":
                    with self._attached_lock:
                        memory = self._attached.pop(message[1], None)
                    if memory is not None:
                        memory.close()
                    continue
                self._bridge.answer.emit(message)
        except (EOFError, OSError):
            self._let_go_of_images()  # its blocks went with it
            with contextlib.suppress(RuntimeError):  # the application may be gone already
                self._bridge.answer.emit(("stopped", process))
        except RuntimeError:
            return  # the application has gone: nobody is left to tell
        finally:
            connection.close()

    def _watch_loop(self, process: multiprocessing.process.BaseProcess, watch: Watch) -> None:
        """Stop the process when a request runs past its time. The report goes out
        before the kill, so the window hears of it before it hears of the end."""
        ended = threading.Event()
        while not ended.wait(WATCH_INTERVAL) and process.is_alive():
            runaway = watch.overdue(self.runaway_seconds)
            if runaway is None:
                continue
            with contextlib.suppress(RuntimeError):  # the application may be gone already
                self._bridge.answer.emit(("runaway", process, runaway))
            process.kill()
            return

    def _take_image(self, message: Message, outbox: queue.SimpleQueue[Message | None]) -> Message:
        kind, number, generation, page, scale, width, height, stride, slot = message
        try:
            with self._attached_lock:
                memory = self._attached.get(slot)
                if memory is None:
                    memory = self._attached[slot] = SharedMemory(name=slot)
                assert memory.buf is not None  # closed blocks leave _attached under the lock
                pixels = memory.buf[: stride * height]
                # Copied out, in the format the screen paints without converting.
                image = QImage(pixels, width, height, stride, QImage.Format.Format_RGB888)
                image = image.convertToFormat(QImage.Format.Format_RGB32)
                del pixels
        except (OSError, ValueError) as error:  # the block is gone: say so, go on
            lost = f"page {page + 1} cannot be shown: its image was lost on the way ({error})"
            return "failed", number, generation, lost
        finally:
            outbox.put(("release", slot))  # whatever happened, the block can be reused
        return kind, number, generation, page, scale, image

    def _route(self, message: Message) -> None:
        if message[0] == "runaway":
            if message[1] is self._process:
                self._runaway = message[2]
            return
        if message[0] == "stopped":
            if message[1] is self._process:  # not one stopped on purpose or replaced
                self._process = None
                runaway, self._runaway = self._runaway, None
                for viewer in list(self._renderers.values()):
                    if runaway is None:
                        viewer.process_stopped()
                    else:  # the cause is known, and was stopped: go on without it
                        viewer.reopen(runaway)
            return
        renderer = self._renderers.get(message[1])
        if renderer is not None:
            try:
                renderer.receive(message)
            except RuntimeError:  # its viewer was deleted without saying so
                self._renderers.pop(message[1], None)


class PdfRenderer(QObject):
    """One viewer's channel to the render process. Answers carry the generation of
    the document they were asked for; the viewer drops those for older ones."""

    # Flags cross as ints: PySide's queued bools have upset reference counts.
    opened = Signal(int, object)  # generation, page sizes
    text_layer = Signal(int, int)  # generation, 1 if the document has text
    sizes_corrected = Signal(int, object)  # generation, {page: (width, height)}
    failed = Signal(int, str)
    rendered = Signal(int, int, float, QImage)  # generation, page, scale, image
    words_ready = Signal(int, int, object)  # generation, page, words
    searched = Signal(int, str, object)  # generation, text, hits
    stopped = Signal(str)  # the render process died: what to tell the reader
    page_failed = Signal(int, int, str)  # generation, page, why it is not drawn

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process = RenderProcess.shared()
        self._number = self._process.join(self)
        self._process.start()
        self._source = ""
        self._shown: tuple[int, bytes, str] | None = None  # to open again in a new process
        number, process = self._number, self._process
        self.destroyed.connect(lambda: process.leave(number))

    @property
    def process_id(self) -> int | None:
        """The render process's id, while it runs."""
        return self._process.pid if self._process.running else None

    def open(self, generation: int, data: bytes, source: str, viewport: Viewport | None) -> None:
        self._source = source
        self._shown = (generation, data, source)
        self._process.send(("open", self._number, generation, data, source, viewport), start=True)

    def close(self) -> None:
        self._source = ""
        self._shown = None
        self._process.send(("close", self._number))

    def want(self, pages: set[tuple[int, int, float]]) -> None:
        self._process.send(("wanted", self._number, frozenset(pages)))

    def render(self, generation: int, page: int, scale: float) -> None:
        self._process.send(("render", self._number, generation, page, scale))

    def load_words(self, generation: int, page: int) -> None:
        self._process.send(("words", self._number, generation, page))

    def search(self, generation: int, text: str) -> None:
        self._process.send(("search", self._number, generation, text))

    def check_text(self, generation: int) -> None:
        self._process.send(("text", self._number, generation))

    def shutdown(self) -> None:
        self._process.leave(self._number)

    def reopen(self, runaway: Runaway) -> None:
        """The process was stopped because a request ran too long: open this viewer's
        document in a new one, and say what was given up if the request was ours."""
        if self._shown is None:
            return
        generation, data, source = self._shown
        if runaway.channel == self._number and runaway.generation == generation:
            seconds = f"{runaway.allowed:g} s"
            if runaway.kind == "open":
                self._shown = None
                self.failed.emit(
                    generation,
                    f"{source}: took longer than {seconds} to open, so it was stopped: "
                    "the file may be damaged or made to hang a PDF reader",
                )
                return
            if runaway.page >= 0:
                self.page_failed.emit(
                    generation,
                    runaway.page,
                    f"{source}: page {runaway.page + 1} took longer than {seconds} to "
                    "read, so it was stopped: the page may be damaged or made to hang a PDF "
                    "reader. The other pages are shown.",
                )
            else:
                doing = "searching it" if runaway.kind == "search" else "reading its text"
                self.failed.emit(
                    generation, f"{source}: {doing} took longer than {seconds}, so it was stopped"
                )
        self._process.send(("open", self._number, generation, data, source, None), start=True)

    def process_stopped(self) -> None:
        if self._source:
            self.stopped.emit(STOPPED.format(source=self._source))

    def receive(self, message: Message) -> None:
        kind, _number, generation, *rest = message
        if kind == "opened":
            self.opened.emit(generation, rest[0])
        elif kind == "rendered":
            self.rendered.emit(generation, *rest)
        elif kind == "failed":
            self.failed.emit(generation, rest[0])
        elif kind == "sizes":
            self.sizes_corrected.emit(generation, rest[0])
        elif kind == "words":
            self.words_ready.emit(generation, *rest)
        elif kind == "searched":
            self.searched.emit(generation, *rest)
        elif kind == "text":
            self.text_layer.emit(generation, int(rest[0]))
