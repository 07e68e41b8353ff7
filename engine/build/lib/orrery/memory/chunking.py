"""Splitting a document into overlapping chunks, and the content hash that deduplicates it.

Chunks are at most `max_chars` characters (800 by default: about 150-250 tokens of
English, inside all-MiniLM-L6-v2's 256-token window) and each one after the first
starts with up to `overlap` characters (120) of the previous one's end, so a sentence
cut by a boundary is whole in one of them. Boundaries are taken, in this order of
preference, between paragraphs (blank lines: markdown headings, lists and code blocks
are paragraphs of their own), between lines, between sentences, between words; only a
"word" longer than a chunk is cut inside. The result is deterministic.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Final

MAX_CHARS: Final = 800
OVERLAP: Final = 120

_PARAGRAPH = re.compile(r"\n[ \t]*\n+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The text as it is hashed: stripped, every run of whitespace one space."""
    return _WHITESPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalized text: the same words in other spacing hash the same."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def split_text(text: str, *, max_chars: int = MAX_CHARS, overlap: int = OVERLAP) -> list[str]:
    """The chunks of `text`, in order; [] for blank text."""
    if max_chars < 20 or not 0 <= overlap < max_chars // 2:
        raise ValueError("max_chars must be >= 20 and overlap below half of it")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    chunks: list[str] = []
    current = ""
    for separator, piece in _pieces(text, max_chars):
        if not current:
            current = piece
        elif len(current) + len(separator) + len(piece) <= max_chars:
            current = f"{current}{separator}{piece}"
        else:
            chunks.append(current)
            tail = _tail(current, overlap)
            joined = f"{tail} {piece}" if tail else piece
            current = joined if len(joined) <= max_chars else piece
    if current:
        chunks.append(current)
    return chunks


def _pieces(text: str, max_chars: int) -> Iterator[tuple[str, str]]:
    """(separator before it, piece) with every piece at most `max_chars` long."""
    for paragraph in _PARAGRAPH.split(text):
        paragraph = paragraph.strip()
        if paragraph:
            for piece, separator in _split(paragraph, max_chars):
                yield separator or "\n\n", piece


def _split(paragraph: str, max_chars: int) -> Iterator[tuple[str, str | None]]:
    """A paragraph as pieces: whole if it fits, else by lines, sentences, words, characters.
    The separator is None for the first piece (the paragraph break applies)."""
    if len(paragraph) <= max_chars:
        yield paragraph, None
        return
    first = True
    for line in paragraph.split("\n"):
        line = line.strip()
        starts_line = True
        for sentence in _SENTENCE_END.split(line) if len(line) > max_chars else [line]:
            for piece in _words(sentence, max_chars) if sentence else ():
                yield piece, (None if first else ("\n" if starts_line else " "))
                first = starts_line = False


def _words(sentence: str, max_chars: int) -> Iterator[str]:
    if len(sentence) <= max_chars:
        yield sentence
        return
    current = ""
    for word in sentence.split():
        while len(word) > max_chars:  # a URL or a hash longer than a chunk
            if current:
                yield current
                current = ""
            yield word[:max_chars]
            word = word[max_chars:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= max_chars:
            current = f"{current} {word}"
        else:
            yield current
            current = word
    if current:
        yield current


def _tail(chunk: str, overlap: int) -> str:
    """The end of a chunk to repeat at the start of the next: at most `overlap` characters,
    starting at a sentence if one starts in that window, else at a word."""
    if overlap == 0 or len(chunk) <= overlap:
        return "" if overlap == 0 else chunk
    window = chunk[-overlap:]
    sentence = _SENTENCE_END.search(window)
    if sentence is not None:
        return window[sentence.end() :].strip()
    if chunk[-overlap - 1].isspace():
        return window.strip()
    space = re.search(r"\s", window)
    return window[space.end() :].strip() if space else ""
