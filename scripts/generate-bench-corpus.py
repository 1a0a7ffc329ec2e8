#!/usr/bin/env python3
"""Write a deterministic corpus of TwiML documents for the command-line benchmarks.

Usage: generate-bench-corpus.py OUT_DIR COUNT MIN_BYTES MAX_BYTES

Each document is realistic TwiML: a Gather menu with Say and SSML, Dial with nouns, Enqueue,
Record, templates and comments, grown with more verbs until it reaches a size drawn between
MIN_BYTES and MAX_BYTES. The same arguments always give the same files.
"""

import os
import random
import sys

VOICES = ["Polly.Joanna-Neural", "Polly.Matthew", "Polly.Mía-Generative", "woman", "Google.en-US-Chirp3-HD-Aoede"]
WORDS = ("thanks for calling please listen carefully as our menu options have changed "
         "press one for sales two for support three for billing or stay on the line").split()


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def block(rng, index):
    kind = rng.randrange(6)
    if kind == 0:
        return (f'  <Gather input="dtmf speech" numDigits="1" timeout="5" action="/menu/{index}" method="POST">\n'
                f'    <Say voice="{rng.choice(VOICES)}">{sentence(rng, 12)} <break time="500ms"/> '
                f'<prosody rate="90%">{sentence(rng, 6)}</prosody></Say>\n'
                f'  </Gather>\n')
    if kind == 1:
        return (f'  <Dial timeout="20" callerId="+15005550006" action="/after-dial/{index}">\n'
                f'    <Number url="/whisper">+1500555{index % 10000:04d}</Number>\n'
                f'    <Client>agent_{index}</Client>\n'
                f'  </Dial>\n')
    if kind == 2:
        return f'  <!-- step {index} -->\n  <Say language="en-GB">{sentence(rng, 20)}</Say>\n  <Pause length="1"/>\n'
    if kind == 3:
        return (f'  <Enqueue waitUrl="https://example.com/hold/{index}.xml" waitUrlMethod="GET">support-{index}</Enqueue>\n')
    if kind == 4:
        return (f'  <Say>Hello {{{{From}}}}, you called {{{{To}}}} &amp; we will call you back.</Say>\n'
                f'  <Play loop="2">https://example.com/audio/{index}.mp3</Play>\n')
    return (f'  <Record maxLength="60" playBeep="true" '
            f'recordingStatusCallback="https://example.com/recordings/{index}"/>\n')


def document(rng, target):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n']
    size = len(parts[0]) + len("</Response>\n")
    index = 0
    while size < target:
        piece = block(rng, index)
        parts.append(piece)
        size += len(piece.encode())
        index += 1
    parts.append("  <Redirect>/main</Redirect>\n</Response>\n")
    return "".join(parts)


def main():
    out_dir, count, low, high = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(20261204)
    os.makedirs(out_dir, exist_ok=True)
    for n in range(count):
        text = document(rng, rng.randint(low, high))
        with open(os.path.join(out_dir, f"doc-{n:05d}.xml"), "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
