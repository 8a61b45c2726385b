"""The PDF render process: it opens documents, draws pages, reads words and searches.

MuPDF holds Python's interpreter lock while it draws, so a render thread would
stop the window's thread for as long as each page takes, and a malformed file
that crashes MuPDF would take the whole application with it. The window's
process therefore sends its requests here, to a process of its own.

Each window-side viewer talks on a channel of its own. Requests carry the
generation of the document they were made for; requests for a document that
has since been replaced are dropped, as are renders of pages that scrolled
out of view before their turn. Page images travel through shared memory.

A page can be made to take minutes to draw (a few kilobytes of compressed drawing
commands are enough). While MuPDF draws it holds the interpreter lock, so nothing in
this process can notice; the process therefore says in a `Watch`, memory the
window's process reads, what it is working on and since when, and the window's
process stops it when a request runs too long. Its address space is capped too.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.shared_memory import SharedMemory
from multiprocessing.sharedctypes import RawArray
from typing import Any, NamedTuple, TypeAlias

from extractor.core.errors import ExtractorError
from extractor.pdf.document import DAMAGED, PdfDocument
from extractor.pdf.layout import Viewport, fitted_zoom, render_scale
from extractor.pdf.limits import limit_memory

Message: TypeAlias = tuple[Any, ...]  # a kind, then what that kind carries
SLOT_GRAIN = 1 << 20  # image slots are sized in whole MiB, so that they can be reused
FREE_SLOTS_KEPT = 4
WATCHED = ("open", "render", "words", "search", "text")  # the requests that read the file
SEARCH_ALLOWANCE = 3  # a search reads every page, so it may take this many times longer


class Runaway(NamedTuple):
    """A request that ran past its time: which channel, document and page (-1 for
    none) it was for, and how long it was allowed."""

    kind: str
    channel: int
    generation: int
    page: int
    allowed: float


class Watch:
    """What the render process is doing and since when, in memory both processes see."""

    def __init__(self) -> None:
        # started (monotonic seconds, 0 when idle), kind, channel, generation, page
        self._cells = RawArray("d", 5)

    def begin(self, message: Message) -> None:
        kind = message[0]
        if kind not in WATCHED:
            return
        page = message[3] if kind in ("render", "words") else -1
        self._cells[1:5] = [WATCHED.index(kind), message[1], message[2], page]
        self._cells[0] = time.monotonic()  # last: the rest is in place when it is read

    def end(self) -> None:
        self._cells[0] = 0.0

    def overdue(self, seconds: float) -> Runaway | None:
        """The request under way, if it has run longer than it may."""
        started, kind, channel, generation, page = self._cells[:]
        if not started:
            return None
        name = WATCHED[int(kind)]
        allowed = seconds * (SEARCH_ALLOWANCE if name == "search" else 1)
        if time.monotonic() - started <= allowed:
            return None
        return Runaway(name, int(channel), int(generation), int(page), allowed)


@dataclass
class Channel:
    generation: int = 0
    newest: int = 0  # the newest generation asked for, perhaps not opened yet
    document: PdfDocument | None = None
    sizes: list[tuple[float, float]] = field(default_factory=list)  # as the viewer has them
    wanted: frozenset[tuple[int, int, float]] = frozenset()
    text_known: bool = False

    def current(self, generation: int) -> bool:
        return (
            self.document is not None
            and generation == self.generation
            and generation == self.newest
        )

    def close(self) -> None:
        if self.document is not None:
            self.document.close()
            self.document = None


@dataclass
class ImageSlots:
    """Shared memory blocks that carry page images to the window's process; a block
    is reused once the other side says it has copied the image out."""

    free: list[SharedMemory] = field(default_factory=list)
    lent: dict[str, SharedMemory] = field(default_factory=dict)

    def lend(self, data: memoryview) -> str:
        size = len(data)
        fitting = [slot for slot in self.free if slot.size >= size]
        if fitting:
            slot = min(fitting, key=lambda s: s.size)
            self.free.remove(slot)
        else:
            slot = SharedMemory(create=True, size=-(-size // SLOT_GRAIN) * SLOT_GRAIN)
        assert slot.buf is not None  # a block is closed only when destroyed
        slot.buf[:size] = data
        self.lent[slot.name] = slot
        return slot.name

    def give_back(self, name: str) -> str | None:
        """Take a block back; returns the name of a block dropped to stay small."""
        slot = self.lent.pop(name, None)
        if slot is None:
            return None
        self.free.append(slot)
        if len(self.free) <= FREE_SLOTS_KEPT:
            return None
        smallest = min(self.free, key=lambda s: s.size)
        self.free.remove(smallest)
        _destroy(smallest)
        return smallest.name

    def destroy(self) -> None:
        for slot in [*self.free, *self.lent.values()]:
            _destroy(slot)
        self.free, self.lent = [], {}


def _destroy(slot: SharedMemory) -> None:
    slot.close()
    with contextlib.suppress(FileNotFoundError):
        slot.unlink()


class RenderService:
    """Answers one request at a time; `reply` sends a message back to the window."""

    def __init__(self, reply: Callable[[Message], None], watch: Watch | None = None) -> None:
        self._reply = reply
        self._channels: dict[int, Channel] = {}
        self.slots = ImageSlots()
        self._watch = watch

    def channel(self, number: int) -> Channel:
        return self._channels.setdefault(number, Channel())

    def note(self, message: Message) -> bool:
        """Take in what must not wait its turn; False if the message is done with."""
        kind = message[0]
        if kind == "wanted":
            self.channel(message[1]).wanted = message[2]
            return False
        if kind == "release":
            dropped = self.slots.give_back(message[1])
            if dropped:
                self._reply(("dropped", dropped))
            return False
        if kind == "open":
            channel = self.channel(message[1])
            channel.newest = max(channel.newest, message[2])
        return True

    def answer(self, message: Message) -> None:
        """Handle a request; if it fails, say so in words instead of ending the process."""
        try:
            self.handle(message)
        except Exception as error:  # one bad request must not end the process
            generation = message[2] if len(message) > 2 else -1
            channel = self._channels.get(message[1])
            document = channel.document if channel is not None else None
            where = f"{document.source}: " if document is not None else ""
            self._reply(("failed", message[1], generation, where + _in_words(error)))

    def handle(self, message: Message) -> None:
        kind, number, *rest = message
        channel = self.channel(number)
        if kind == "open":
            self._open(number, channel, *rest)
        elif kind == "close":  # the viewer shows no document now
            channel.close()
        elif kind == "leave":  # the viewer has gone
            channel.close()
            self._channels.pop(number, None)
        elif kind == "render":
            generation, page, scale = rest
            if channel.current(generation) and (generation, page, scale) in channel.wanted:
                self._render(number, channel, generation, page, scale)
        elif kind == "words":
            generation, page = rest
            if channel.current(generation):
                assert channel.document is not None  # current() says so
                words = channel.document.words(page)
                self._reply(("words", number, generation, page, words))
        elif kind == "search":
            generation, text = rest
            if channel.current(generation):
                assert channel.document is not None  # current() says so
                hits = channel.document.search(text)
                self._reply(("searched", number, generation, text, hits))
        elif kind == "text":
            generation = rest[0]
            if channel.current(generation) and not channel.text_known:
                channel.text_known = True
                assert channel.document is not None  # current() says so
                has_text = channel.document.has_text()
                self._reply(("text", number, generation, has_text))

    def _open(
        self,
        number: int,
        channel: Channel,
        generation: int,
        data: bytes,
        source: str,
        viewport: Viewport | None,
    ) -> None:
        channel.close()
        channel.generation, channel.text_known = generation, False
        if generation != channel.newest:
            return  # replaced before its turn
        try:
            channel.document = document = PdfDocument.open(data, source)
            first_size = document.true_size(0)
        except ExtractorError as error:
            self._reply(("failed", number, generation, str(error)))
            return
        except Exception as error:  # MuPDF can fail deep inside a broken file
            self._reply(("failed", number, generation, f"{source}: {_in_words(error)}"))
            return
        # Every page is taken to be the first one's size until the crop boxes are
        # read, after the first page is out: on a long document that takes longer
        # than drawing it. Most documents have one page size; others are corrected.
        channel.sizes = [first_size] * document.page_count
        first = None
        if viewport is not None:
            # Draw the first page before saying the document is open, at the scale
            # the view will ask for: one trip between the processes instead of two.
            scale = render_scale(fitted_zoom(viewport, *first_size), viewport.pixel_ratio)
            # Watched as a render of page 1: a page 1 that never ends costs that page,
            # not the whole document.
            if self._watch is not None:
                self._watch.begin(("render", number, generation, 0, scale))
            first = self._draw(number, channel, generation, 0, scale)
            if self._watch is not None:
                self._watch.begin(("open", number, generation))
        self._reply(("opened", number, generation, list(channel.sizes)))
        if first is not None:
            self._reply(first)
        sizes = document.crop_sizes()
        sizes[0] = first_size
        corrections = {p: size for p, size in enumerate(sizes) if size != channel.sizes[p]}
        channel.sizes = sizes
        if corrections:
            self._reply(("sizes", number, generation, corrections))

    def _render(
        self, number: int, channel: Channel, generation: int, page: int, scale: float
    ) -> None:
        drawn = self._draw(number, channel, generation, page, scale)
        if drawn is not None:
            self._reply(drawn)

    def _draw(
        self, number: int, channel: Channel, generation: int, page: int, scale: float
    ) -> Message | None:
        document = channel.document
        try:
            assert document is not None  # drawn only for an open document
            size = document.true_size(page)
            if size != channel.sizes[page]:  # turned by its rotation
                channel.sizes[page] = size
                self._reply(("sizes", number, generation, {page: size}))
            result = document.render(page, scale)
        except Exception as error:
            self._reply(
                (
                    "failed",
                    number,
                    generation,
                    f"page {page + 1} cannot be drawn: {_in_words(error, 'the page is damaged')}",
                )
            )
            return None
        slot = self.slots.lend(result.samples)
        return (
            "rendered",
            number,
            generation,
            page,
            scale,
            result.width,
            result.height,
            result.stride,
            slot,
        )

    def close(self) -> None:
        for channel in self._channels.values():
            channel.close()
        self.slots.destroy()


def _in_words(error: Exception, damaged: str = DAMAGED) -> str:
    """What went wrong, for a reviewer: MuPDF's own messages mean nothing to them."""
    if isinstance(error, MemoryError):
        return "it needs more memory than a PDF should, so it was stopped"
    return damaged


def serve(requests: Connection, replies: Connection, watch: Watch | None = None) -> None:
    """The render process's loop: read requests until told to stop (None) or until
    the window's process has gone."""
    limit_memory()
    service = RenderService(replies.send, watch)
    pending: deque[Message] = deque()
    try:
        while True:
            if not pending:
                pending.append(requests.recv())
            while requests.poll():  # newer requests may make older ones moot
                pending.append(requests.recv())
            pending = deque(m for m in pending if m is None or service.note(m))
            if not pending:
                continue
            message = pending.popleft()
            if message is None:
                return
            if watch is not None:
                watch.begin(message)
            try:
                service.answer(message)
            finally:
                if watch is not None:
                    watch.end()
    except (EOFError, OSError, KeyboardInterrupt):
        return  # the window's process has gone
    finally:
        service.close()
