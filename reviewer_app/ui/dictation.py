"""Push-to-talk dictation into the text field with focus: hold F9 (or the toolbar's button), speak, let go.

The microphone's sound comes through QtMultimedia (QAudioSource) into a buffer; on release the
speech model hears it on a worker thread (the window's TaskGroup: closing the window drops a late
result) and the words go in at the cursor of the field that had focus, saved as if typed. A WAV
file goes through the same path (``WavFileSource`` stands in for the microphone). Without a
microphone or without the speech model the button says so and everything else works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QToolButton, QWidget

from reviewer_app.domain.case import Case
from reviewer_app.domain.errors import ReviewerError
from reviewer_app.services.dictation import (
    SAMPLE_RATE,
    dictation_terms,
    read_wav,
    resampled,
    speech_model_problem,
    transcribe_samples,
)
from reviewer_app.ui.workers import TaskGroup, TaskProgress

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioDevice

log = logging.getLogger(__name__)

# F9: no other action of the window uses it, and a text field does nothing with it (Ctrl+Space
# switches input methods on some desktops). Held down, the key repeats: only the first press counts.
DICTATION_KEY = Qt.Key.Key_F9
DICTATION_KEY_NAME = "F9"
NO_MICROPHONE = "No microphone is connected: dictation needs one (typing works as always)."


class AudioSource(Protocol):
    """Where dictated sound comes from: the microphone, or (the same path) a WAV file's samples."""

    def start(self, into: bytearray) -> None: ...

    def stop(self) -> tuple[int, str]:
        """Stop; the sample rate and sample format ("int16" or "float32") of what went ``into`` the buffer."""
        ...


class MicrophoneSource:
    """The microphone through QAudioSource: 16 kHz mono 16-bit when it offers that, else its own format."""

    def __init__(self, device: QAudioDevice) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSource

        self._int16 = QAudioFormat.SampleFormat.Int16
        wanted = QAudioFormat()
        wanted.setSampleRate(SAMPLE_RATE)
        wanted.setChannelCount(1)
        wanted.setSampleFormat(self._int16)
        self.format = wanted if device.isFormatSupported(wanted) else device.preferredFormat()
        self.audio = QAudioSource(device, self.format)
        self._device: Any = None
        self._buffer: bytearray | None = None

    def start(self, into: bytearray) -> None:
        self._buffer = into
        self._device = self.audio.start()
        if self._device is not None:
            self._device.readyRead.connect(self._read)

    def _read(self) -> None:
        if self._device is not None and self._buffer is not None:
            self._buffer.extend(bytes(self._device.readAll().data()))

    def stop(self) -> tuple[int, str]:
        self._read()
        self.audio.stop()
        self._device = None
        channels = self.format.channelCount()
        if channels > 1 and self._buffer is not None:
            # Keep the first channel: a dictation is one voice.
            kind = np.int16 if self.format.sampleFormat() == self._int16 else np.float32
            frames = np.frombuffer(bytes(self._buffer), dtype=kind)
            self._buffer[:] = frames[: len(frames) - len(frames) % channels : channels].tobytes()
        sample = "int16" if self.format.sampleFormat() == self._int16 else "float32"
        return self.format.sampleRate(), sample


class WavFileSource:
    """A WAV file's sound fed into the buffer as the microphone would (tests, and dictating a recording)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def start(self, into: bytearray) -> None:
        into.extend(read_wav(self.path).astype(np.float32).tobytes())

    def stop(self) -> tuple[int, str]:
        return SAMPLE_RATE, "float32"


class Dictation(QObject):
    """The dictation button, the F9 key held down, and putting the words heard where the cursor was."""

    message = Signal(str)
    #: The words heard and whether they went into a field (tests wait for it).
    finished = Signal(str)

    def __init__(
        self,
        window: QWidget,
        tasks: TaskGroup,
        case: Callable[[], Case | None],
        microphone: QAudioDevice | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self.case = case
        if microphone is None:
            # QtMultimedia loads its audio back-ends (and says so on stderr) when first imported: only
            # once a window is there, never for `reviewer --help` or a refusal to start.
            from PySide6.QtMultimedia import QMediaDevices

            microphone = QMediaDevices.defaultAudioInput()
        self.microphone = microphone
        self.button = QToolButton(objectName="dictateButton")
        self.button.setAccessibleName("Dictate")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # pressing it must leave the cursor in the field
        self.button.pressed.connect(self.start)
        self.button.released.connect(self.stop)
        self._source: AudioSource | None = None
        self._buffer = bytearray()
        self._target: QWidget | None = None
        self.problem = speech_model_problem() or (NO_MICROPHONE if self.microphone.isNull() else None)
        self._show_idle()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def recording(self) -> bool:
        return self._source is not None

    def _show_idle(self) -> None:
        if self.problem:
            short = "no microphone" if self.problem == NO_MICROPHONE else "no speech model"
            self.button.setText(f"Dictation off: {short}")
            self.button.setEnabled(False)
            self.button.setToolTip(self.problem)
            self.button.setAccessibleDescription(self.problem)
        else:
            self.button.setText(f"Hold to dictate ({DICTATION_KEY_NAME})")
            self.button.setEnabled(True)
            tip = f"Hold {DICTATION_KEY_NAME} or this button and speak; the words go in at the cursor."
            self.button.setToolTip(tip)
            self.button.setAccessibleDescription(tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F9 held anywhere in this window starts dictating; let go, it stops."""
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) or not isinstance(event, QKeyEvent):
            return False
        if event.key() != DICTATION_KEY or watched is not QApplication.focusWidget() or not self._in_window(watched):
            return False
        if not event.isAutoRepeat():
            if kind == QEvent.Type.KeyPress:
                self.start()
            else:
                self.stop()
        return True

    def _in_window(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and watched.window() is self.window

    # -- recording --

    def start(self, source: AudioSource | None = None) -> bool:
        """Start listening for the field with focus; a ``source`` stands in for the microphone."""
        if self.recording:
            return False
        if source is None and self.problem:
            self.message.emit(self.problem)
            return False
        speech_problem = speech_model_problem()
        if speech_problem:
            self.message.emit(speech_problem)
            return False
        target = QApplication.focusWidget()
        if not isinstance(target, QPlainTextEdit | QTextEdit | QLineEdit) or target.isReadOnly():
            self.message.emit("Put the cursor in a text field first, then dictate.")
            return False
        self._target = target
        self._buffer = bytearray()
        self._source = source or MicrophoneSource(self.microphone)
        try:
            self._source.start(self._buffer)
        except ReviewerError as exc:
            self._source = None
            self.message.emit(str(exc))
            return False
        self.button.setText("Listening… let go to stop")
        self.message.emit("Listening: speak, then let go.")
        return True

    def stop(self) -> None:
        """Stop listening and hear what was said, off the GUI thread."""
        if self._source is None:
            return
        rate, kind = self._source.stop()
        self._source = None
        self._show_idle()
        samples = _floats(bytes(self._buffer), kind)
        self._buffer = bytearray()
        if len(samples) < rate // 4:
            self.message.emit("Nothing was heard: hold the key while you speak.")
            return
        samples = resampled(samples, rate)
        case = self.case()
        terms = dictation_terms(case) if case is not None else ()
        target = self._target
        self.message.emit("Transcribing…")

        def hear(progress: TaskProgress) -> str | None:
            if progress.cancelled():
                return None
            return transcribe_samples(samples, terms).text

        self.tasks.start(hear, lambda text: self._heard(target, text), self._failed)

    def _heard(self, target: QWidget | None, text: str | None) -> None:
        if not text:
            self.message.emit("Nothing was heard in the recording.")
            self.finished.emit("")
            return
        if target is None or not shiboken6.isValid(target):
            self.message.emit(f"The field is gone; what was heard: {text}")
            self.finished.emit(text)
            return
        insert_at_cursor(target, text)
        self.message.emit(f"Dictated: {text}")
        self.finished.emit(text)

    def _failed(self, exc: BaseException) -> None:
        log.info("dictation failed (%s)", type(exc).__name__, exc_info=not isinstance(exc, ReviewerError))
        words = str(exc) if isinstance(exc, ReviewerError) else "Dictation failed; the details are in the log."
        self.message.emit(words)
        self.finished.emit("")


def insert_at_cursor(target: QWidget, text: str) -> None:
    """Type ``text`` at the field's cursor, with a space between it and a word already there."""
    if isinstance(target, QLineEdit):
        before = target.text()[: target.cursorPosition()]
        target.insert((" " if before and not before[-1].isspace() else "") + text)
        return
    assert isinstance(target, QPlainTextEdit | QTextEdit)
    cursor = target.textCursor()
    block = cursor.block().text()[: cursor.positionInBlock()]
    cursor.insertText((" " if block and not block[-1].isspace() else "") + text)
    target.setTextCursor(cursor)


def _floats(raw: bytes, kind: str) -> np.ndarray[Any, np.dtype[np.float32]]:
    if kind == "int16":
        usable = raw[: len(raw) - len(raw) % 2]
        return (np.frombuffer(usable, dtype=np.int16).astype(np.float32) / 32768.0).astype(np.float32)
    usable = raw[: len(raw) - len(raw) % 4]
    return np.frombuffer(usable, dtype=np.float32).copy()
