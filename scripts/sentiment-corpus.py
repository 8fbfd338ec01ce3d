#!/usr/bin/env python3
"""Generates app/tests/data/sentiment_corpus.tsv, the fidelity corpus of the VADER port.

The sentences are built deterministically (fixed seed) from templates and from the
words of the VADER lexicons, so that every rule of vaderSentiment 3.3.2 (Hutto &
Gilbert, 2014) is exercised many times: negations, boosters and dampeners, ALL CAPS,
"but", "kind of", "least", the special-case idioms, emoji, emoticons, punctuation
emphasis, and Python's string semantics (whitespace, case, punctuation stripping).
Each sentence is scored by the reference package and written as

    compound<TAB>pos<TAB>neu<TAB>neg<TAB>sentence

with the floats as Python's repr(). Lines starting with '#' are comments.

Usage: python3 scripts/sentiment-corpus.py   (installs vaderSentiment==3.3.2 into
target/vader-venv when it is not importable).
"""

import os
import random
import subprocess
import sys

VERSION = "3.3.2"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "app", "tests", "data", "sentiment_corpus.tsv")
VENV = os.path.join(ROOT, "target", "vader-venv")
SEED = 20140601  # ICWSM-14, June 2014


def ensure_vader():
    """Re-runs this script inside a venv with vaderSentiment 3.3.2 when needed."""
    try:
        import vaderSentiment  # noqa: F401
        from importlib.metadata import version

        if version("vaderSentiment") == VERSION:
            return
    except Exception:
        pass
    if os.environ.get("VADER_CORPUS_IN_VENV"):
        sys.exit("vaderSentiment %s is not importable even in %s" % (VERSION, VENV))
    python = os.path.join(VENV, "bin", "python3")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "-q", "vaderSentiment==" + VERSION])
    env = dict(os.environ, VADER_CORPUS_IN_VENV="1")
    os.execve(python, [python, os.path.abspath(__file__)] + sys.argv[1:], env)


ensure_vader()

from vaderSentiment import vaderSentiment as vs  # noqa: E402

ANALYZER = vs.SentimentIntensityAnalyzer()
LEXICON = ANALYZER.lexicon
EMOJIS = ANALYZER.emojis
rng = random.Random(SEED)

# ----------------------------------------------------------------------------------
# Vocabulary.
# ----------------------------------------------------------------------------------

ALPHA_WORDS = sorted(w for w in LEXICON if w.isalpha())
POSITIVE = sorted(w for w in ALPHA_WORDS if LEXICON[w] >= 1.0)
NEGATIVE = sorted(w for w in ALPHA_WORDS if LEXICON[w] <= -1.0)
MILD = sorted(w for w in ALPHA_WORDS if -1.0 < LEXICON[w] < 1.0)
EMOTICONS = sorted(w for w in LEXICON if not w.isalnum() and " " not in w)
MULTIWORD = sorted(w for w in LEXICON if " " in w)
BOOSTERS_UP = sorted(w for w, v in vs.BOOSTER_DICT.items() if v > 0 and " " not in w)
BOOSTERS_DOWN = sorted(w for w, v in vs.BOOSTER_DICT.items() if v < 0 and " " not in w)
BOOSTER_PHRASES = sorted(w for w in vs.BOOSTER_DICT if " " in w)
NEGATE = list(vs.NEGATE)
SPECIAL = sorted(vs.SPECIAL_CASES)
LADEN = sorted(vs.SENTIMENT_LADEN_IDIOMS)
EMOJI_SINGLE = sorted(e for e in EMOJIS if len(e) == 1)
EMOJI_MULTI = sorted(e for e in EMOJIS if len(e) > 1)
PLAIN_EMOJI = ["🙂", "🙁", "😀", "😡", "👍", "👎", "❤️", "❤", "💔", "🚗", "🔑", "⭐", "✨",
               "😭", "🤬", "😂", "🙏", "👌", "🤷", "🤦‍♂️", "👍🏽", "🇺🇸", "1️⃣", "🏳️‍🌈"]

COMMON_GOOD = ["good", "great", "nice", "helpful", "friendly", "clean", "excellent",
               "amazing", "happy", "love", "perfect", "awesome", "fine", "glad", "thanks",
               "easy", "comfortable", "fantastic", "satisfied", "kind", "best", "fun"]
COMMON_BAD = ["bad", "terrible", "awful", "rude", "dirty", "broken", "horrible", "angry",
              "disappointed", "worst", "hate", "annoyed", "frustrated", "late", "problem",
              "scam", "ugly", "sad", "poor", "stupid", "unacceptable", "sucks", "sux"]

CARS = ["compact", "SUV", "minivan", "sedan", "convertible", "pickup", "Tesla", "Corolla",
        "hatchback", "van", "EV", "Mustang"]
PLACES = ["the airport", "downtown", "LAX", "terminal 2", "the Main St branch", "Heathrow",
          "the train station", "O'Hare", "gate B", "the hotel"]
THINGS = ["car", "agent", "counter", "pickup", "return", "shuttle", "app", "booking",
          "deposit", "refund", "insurance", "GPS", "seat", "AC", "tire", "fuel policy",
          "key", "wait", "invoice", "upgrade", "service", "staff", "price", "website"]
PRODUCTS = ["This phone", "The charger", "My new laptop", "These headphones", "The blender",
            "This book", "The movie", "The hotel", "This app", "The update", "The keyboard",
            "Their support", "The camera", "This jacket", "The plot"]
SUBJECTS = ["The car", "The agent", "Your app", "The shuttle", "The refund", "The staff",
            "It", "This", "Everything", "Your service", "The counter guy", "My booking"]
NAMES = ["Maria", "Dave", "Li Wei", "Ahmed", "Olga", "Jürgen", "Zoë", "Sam", "Priya", "José"]
PUNCT = ["", ".", "!", "!!", "!!!", "!!!!", "!!!!!!", "?", "??", "???", "????", "?!", "?!?!",
         "!?", "...", ",", " !", " ?!", ":", ";", " :)", " :(", " :-)", " :D", " ;)", " :/"]
FILLER = ["the", "a", "it", "was", "is", "my", "I", "we", "you", "to", "of", "at", "on",
          "and", "or", "this", "that", "just", "really", "so", "very", "but", "kind", "of",
          "least", "no", "never", "not", "without", "doubt", "nor", "at", "ok", "car"]
FOREIGN = ["gracias", "muy", "bueno", "malo", "schlecht", "sehr", "gut", "très", "bien",
           "merci", "спасибо", "плохо", "ОЧЕНЬ", "非常好", "太糟糕了", "ありがとう", "최고",
           "شكرا", "obrigado", "ÇOK", "İYİ", "ΚΑΛΟΣ", "καλός", "ΟΔΟΣ", "ǅemal", "ǄEMAL",
           "straße", "STRASSE", "ﬁne", "Ⓐ", "ⓑ", "Ⅻ", "ⅻ"]
ODD_SPACES = ["\u00a0", "\u3000", "\u2009", "\u202f", "\u1680", "\x1c", "\x1d", "\x1e",
              "\x1f", "\x0b", "\x0c", "\x85", "\u2028", "\u200b", "\ufeff", "  ", "   "]
URLS = ["https://example.com/booking?id=42", "www.rentals.example/terms", "http://bit.ly/x1Y",
        "support@example.com", "#fail", "#blessed", "@SwitchboardHelp", "$49.99", "10%",
        "2024-05-01", "3pm", "#1", "5/5", "0/10", "4.5", "1st", "100km", "B-12", "A4"]
CONTRACTIONS = ["isn't", "wasn't", "don't", "doesn't", "can't", "won't", "couldn't",
                "shouldn't", "didn't", "aren't", "ain't", "I'm", "it's", "you're", "we've",
                "they'd", "that's", "wouldn't", "hasn't", "haven't", "mustn't", "needn't"]


def pick(seq):
    return rng.choice(seq)


def maybe(p):
    return rng.random() < p


def caps(word, p=0.15):
    """Sometimes upper-cases or title-cases a word (ALL CAPS emphasis, mixed case)."""
    r = rng.random()
    if r < p:
        return word.upper()
    if r < p * 1.6:
        return word.capitalize()
    return word


def adjective():
    r = rng.random()
    if r < 0.35:
        return pick(COMMON_GOOD)
    if r < 0.7:
        return pick(COMMON_BAD)
    if r < 0.8:
        return pick(POSITIVE)
    if r < 0.9:
        return pick(NEGATIVE)
    return pick(MILD)


def modifier():
    r = rng.random()
    if r < 0.45:
        return pick(BOOSTERS_UP)
    if r < 0.75:
        return pick(BOOSTERS_DOWN)
    if r < 0.9:
        return pick(["kind of", "sort of", "just enough", "kinda", "sorta", "kind-of"])
    return ""


def negation():
    return pick(NEGATE + ["not", "not", "never", "isn't", "don't", "no", "No", "NOT",
                          "hasn't", "nothing", "cannot", "can't", "wasn't"])


def join(*parts):
    return " ".join(p for p in parts if p)


# ----------------------------------------------------------------------------------
# Sentence families. Each returns one sentence; the generator draws from all.
# ----------------------------------------------------------------------------------

def chat_line():
    templates = [
        lambda: "Hi, I picked up the %s at %s and the %s was %s%s" % (
            pick(CARS), pick(PLACES), pick(THINGS), join(modifier(), caps(adjective())), pick(PUNCT)),
        lambda: "%s was %s%s %s" % (pick(SUBJECTS), join(modifier(), caps(adjective())), pick(PUNCT),
                                    pick(["Thanks", "thanks!", "Please help.", "Whatever.",
                                          "lol", "smh", "ty", "", ":)", ":(", "WTF"])),
        lambda: "%s, %s %s %s %s%s" % (pick(["Hello", "Hey", "Dear team", "Ugh", "OK", "Hi there"]),
                                      pick(["the", "your", "my"]), pick(THINGS), pick(["is", "was", "seems", "looks"]),
                                      join(negation() if maybe(0.3) else "", modifier(), caps(adjective())), pick(PUNCT)),
        lambda: "I've been waiting %d minutes at %s%s %s" % (
            rng.randint(5, 120), pick(PLACES), pick(PUNCT), pick(COMMON_BAD + ["", "seriously", "come on"])),
        lambda: "Can you %s my %s? It's %s%s" % (
            pick(["cancel", "extend", "change", "refund", "check", "upgrade"]), pick(THINGS),
            join(modifier(), caps(adjective())), pick(PUNCT)),
        lambda: "%s at the counter was %s, %s %s%s" % (
            pick(NAMES), caps(adjective()), pick(["but", "and", "so", "yet", "BUT", "But"]),
            join(pick(["the", "my"]), pick(THINGS), pick(["was", "is"]), modifier(), caps(adjective())), pick(PUNCT)),
        lambda: "Booking %s: %s %s" % (pick(URLS), pick(CONTRACTIONS), join(modifier(), adjective())),
        lambda: "The %s %s %s, %s%s" % (pick(THINGS), pick(CONTRACTIONS), join(pick(["really", "very", "", "so", "that"]), adjective()),
                                      pick(["thank you", "thanks a lot", "no thanks", "please fix it", "honestly"]), pick(PUNCT)),
        lambda: "%s %s %s %s" % (pick(["Thanks", "Thank you", "Cheers", "Sorry", "Great"]), pick(NAMES),
                                 pick(["for the help", "for nothing", "you rock", "for the upgrade", ""]), pick(PUNCT)),
        lambda: "the %s smelled like smoke and the %s was %s %s" % (
            pick(CARS), pick(THINGS), pick(["not", "never", "kind of", "very", "extremely", "barely"]), caps(adjective())),
    ]
    return pick(templates)()


def review():
    stars = pick(["", "5 stars. ", "1/5 ", "★★★★★ ", "★☆☆☆☆ ", "10/10 ", "Rating: 3. "])
    return "%s%s is %s%s %s" % (
        stars, pick(PRODUCTS), join(modifier(), caps(adjective())), pick(PUNCT),
        pick(["", "Would buy again.", "Never again.", "Not worth it.", "Highly recommend!",
              "Returned it.", "Meh.", "It works.", "Love it <3", "Five stars", "Total waste of money."]))


def negation_line():
    adj = adjective()
    templates = [
        lambda: join(negation(), caps(adj)) + pick(PUNCT),
        lambda: "%s %s %s" % (pick(SUBJECTS), negation(), join(modifier(), caps(adj))) + pick(PUNCT),
        lambda: "it %s really %s" % (pick(CONTRACTIONS), adj),
        lambda: "%s never %s %s" % (pick(["I was", "I've", "It has", "we were", "I have"]),
                                  pick(["so", "this", "been so", "been this", "SO", "felt so", "that"]), caps(adj)),
        lambda: "never %s %s %s" % (pick(["so", "this", "that", "been"]), pick(["", "very", "totally"]), adj),
        lambda: "%s a doubt, %s %s" % (pick(["Without", "without", "WITHOUT", "No", "not"]),
                                       pick(["an", "the", "a", "it is"]), join(modifier(), adj)),
        lambda: "without doubt %s" % adj,
        lambda: "without any doubt the %s is %s" % (pick(THINGS), adj),
        lambda: "no %s" % join(modifier(), adj),
        lambda: "%s no %s %s %s" % (pick(["There was", "I had", "we got", "zero, like"]), adj,
                                    pick(["or", "nor", "and", "but"]), adjective()),
        lambda: "no %s or %s %s" % (pick(["real", "big", "", "the"]), pick(["", "any"]), adj),
        lambda: "No %s no %s" % (adj, adjective()),
        lambda: "%s is %s %s %s" % (pick(SUBJECTS), pick(["not", "isn't", "never"]), pick(["that", "so", "this", "really", "at all"]), adj),
        lambda: "not %s at all" % adj,
        lambda: "Not bad at all",
        lambda: "nothing %s about %s" % (adj, pick(THINGS)),
        lambda: "%s %s %s %s %s" % (negation(), pick(FILLER), pick(FILLER), pick(FILLER), adj),
        lambda: "I %s think the %s was %s" % (pick(["don't", "dont", "do not", "never", "can't"]), pick(THINGS), adj),
        lambda: "%s it's %s, %s %s" % (pick(["Despite", "despite", "Rarely", "seldom"]), adj, pick(["it", "I"]), adjective()),
        lambda: "uh-uh, %s nope %s" % (adj, adjective()),
    ]
    return pick(templates)()


def booster_line():
    adj = adjective()
    templates = [
        lambda: "%s %s %s" % (pick(SUBJECTS), pick(["is", "was", "felt"]), join(caps(pick(BOOSTERS_UP), 0.3), caps(adj, 0.2))),
        lambda: "%s %s %s%s" % (caps(pick(BOOSTERS_UP)), caps(pick(BOOSTERS_DOWN)), adj, pick(PUNCT)),
        lambda: "%s %s %s %s" % (pick(BOOSTERS_UP + BOOSTERS_DOWN), pick(FILLER), pick(BOOSTERS_UP), adj),
        lambda: "%s %s %s %s %s" % (pick(BOOSTERS_UP), pick(FILLER), pick(FILLER), caps(adj), pick(PUNCT)),
        lambda: "the %s was %s %s %s" % (pick(THINGS), pick(BOOSTER_PHRASES + ["kind of", "sort of"]), pick(["", "a", "the"]), adj),
        lambda: "%s was %s %s" % (pick(SUBJECTS), pick(["only kind of", "kind of", "KIND OF", "Kind of", "sort of",
                                                       "just enough", "kinda", "sorta", "kindof", "sort-of"]), adj),
        lambda: "%s kind %s" % (pick(["She was", "So", "Such a", "very"]), pick(["", "of", "person", "OF", "of you"])),
        lambda: "kind of",
        lambda: "the staff was kind",
        lambda: "%s %s %s %s %s" % (pick(SUBJECTS), pick(["is", "was"]), pick(BOOSTERS_UP), pick(BOOSTERS_UP), adj),
        lambda: "%s: %s, %s, %s" % (pick(PRODUCTS), join(pick(BOOSTERS_UP), adjective()), join(pick(BOOSTERS_DOWN), adjective()), adjective()),
    ]
    return pick(templates)()


def caps_line():
    words = [adjective() for _ in range(rng.randint(1, 5))]
    words = [w.upper() if maybe(0.5) else w for w in words]
    parts = []
    for w in words:
        if maybe(0.3):
            parts.append(caps(pick(BOOSTERS_UP + BOOSTERS_DOWN), 0.5))
        if maybe(0.2):
            parts.append(caps(negation(), 0.3))
        parts.append(w)
    sentence = " ".join(parts)
    if maybe(0.2):
        sentence = sentence.upper()
    if maybe(0.1):
        sentence = sentence.lower()
    return sentence + pick(PUNCT)


def but_line():
    left = join(pick(SUBJECTS), pick(["was", "is", "looked"]), modifier(), caps(adjective()))
    right = join(pick(["the", "my", "your"]), pick(THINGS), pick(["was", "is"]), negation() if maybe(0.3) else "",
                 modifier(), caps(adjective()))
    conj = pick(["but", "but", "BUT", "But", "but,", "but...", "but!"])
    templates = [
        lambda: "%s, %s %s%s" % (left, conj, right, pick(PUNCT)),
        lambda: "%s %s %s %s %s" % (adjective(), adjective(), conj, adjective(), adjective()),
        lambda: "%s but %s but %s" % (adjective(), adjective(), adjective()),
        lambda: "but %s" % adjective(),
        lambda: "%s but" % adjective(),
        lambda: "%s %s but %s %s" % (adjective(), pick(FILLER), pick(FILLER), adjective()),
    ]
    return pick(templates)()


def but_quirk_line():
    """Repeated values around "but": the reference finds positions with list.index."""
    v = pick([w for w in ALPHA_WORDS if 2 * LEXICON[w] in VALUES_TO_WORDS])
    double = pick(VALUES_TO_WORDS[2 * LEXICON[v]])
    same = pick(VALUES_TO_WORDS[LEXICON[v]])
    half = VALUES_TO_WORDS.get(LEXICON[v] / 2)
    triple = VALUES_TO_WORDS.get(LEXICON[v] * 1.5)
    seq = [double, pick(FILLER), same, "but", v, same]
    if half:
        seq.append(pick(half))
    if triple:
        seq.insert(rng.randint(4, len(seq)), pick(triple))
    if maybe(0.5):
        rng.shuffle(seq)
    return " ".join(seq)


VALUES_TO_WORDS = {}
for _w in ALPHA_WORDS:
    VALUES_TO_WORDS.setdefault(LEXICON[_w], []).append(_w)


def least_line():
    adj = adjective()
    return pick([
        "at least the %s was %s" % (pick(THINGS), adj),
        "At least it isn't %s" % adj,
        "the least %s %s ever" % (adj, pick(THINGS)),
        "least %s" % adj,
        "Least %s!" % adj,
        "the very least %s thing" % adj,
        "one of the least %s %s" % (adj, pick(THINGS)),
        "%s least %s" % (pick(FILLER), adj),
        "LEAST %s at all" % adj.upper(),
        "at least",
        "least",
    ])


def idiom_line():
    idiom = pick(SPECIAL + LADEN + MULTIWORD + BOOSTER_PHRASES)
    prefix = " ".join(pick(FILLER) for _ in range(rng.randint(0, 4)))
    suffix = " ".join(pick(FILLER + COMMON_GOOD + COMMON_BAD) for _ in range(rng.randint(0, 3)))
    idiom = caps(idiom, 0.1)
    return pick([
        join(prefix, idiom, suffix) + pick(PUNCT),
        "%s, this %s is %s" % (pick(["Honestly", "Wow", "Yeah right", "lol"]), pick(CARS), idiom),
        "the new %s is %s" % (pick(CARS), idiom),
        "I waited at the %s for ages" % idiom,
        "that %s was %s %s" % (pick(THINGS), pick(["not", "really", "so", "kind of", ""]), idiom),
        "the %s the %s %s" % (pick(["shit", "bomb"]), pick(["shit", "bomb", "bad", "ass"]), pick(["the", "is", "!"])),
        "%s %s %s %s" % (pick(["bad", "the", "kiss", "to", "yeah", "beating"]),
                         pick(["ass", "shit", "of", "die", "right", "heart"]),
                         pick(["death", "for", "bomb", "stop", "good"]), pick(["", "really", "lol"])),
    ])


def emoji_line():
    n = rng.randint(1, 4)
    bits = []
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            bits.append(pick(EMOJI_SINGLE))
        elif r < 0.75:
            bits.append(pick(EMOJI_MULTI))
        else:
            bits.append(pick(PLAIN_EMOJI))
    glue = pick(["", " ", "  "])
    emojis = glue.join(bits)
    base = pick([chat_line, review, negation_line, lambda: adjective(), lambda: ""])()
    return pick([
        base + " " + emojis,
        emojis + " " + base,
        base + emojis,
        emojis + base,
        emojis,
        emojis + pick(PUNCT),
        "%s%s%s" % (adjective(), pick(bits), adjective()),
        "not %s %s" % (pick(bits), adjective()),
        "%s but %s" % (emojis, pick(bits)),
    ])


def emoticon_line():
    e = pick(EMOTICONS)
    return pick([
        "%s %s" % (join(modifier(), adjective()), e),
        "%s %s %s" % (e, pick(THINGS), e),
        e,
        "%s%s" % (adjective(), e),
        "%s %s" % (negation(), e),
        "%s!!! %s" % (e, pick(EMOTICONS)),
        "Make sure you %s or %s today!" % (e, pick(EMOTICONS)),
    ])


def punctuation_line():
    run = "".join(pick(["!", "?", "!", "?", ".", "?!"]) for _ in range(rng.randint(1, 9)))
    return pick([
        "%s%s" % (adjective(), run),
        "%s %s" % (join(pick(SUBJECTS), "is", adjective()), run),
        "%s%s %s%s" % (adjective(), run, adjective(), pick(PUNCT)),
        run,
        "%s %s" % (run, adjective()),
        "?%s?" % adjective(),
        "!%s!" % adjective(),
        "'%s'" % adjective(),
        '"%s"' % adjective(),
        "(%s)" % adjective(),
        "...%s..." % adjective(),
        "%s,%s,%s" % (adjective(), adjective(), adjective()),
        "%s-%s" % (adjective(), adjective()),
        "%s." % pick(["ok", "no", "hi", "ty", "lol", "a", "I", "!!", "?!"]),
    ])


def noise_line():
    """Numbers, URLs, contractions, foreign words and odd whitespace mixed in."""
    n = rng.randint(1, 8)
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.25:
            parts.append(pick(URLS))
        elif r < 0.4:
            parts.append(pick(CONTRACTIONS))
        elif r < 0.6:
            parts.append(pick(FOREIGN))
        elif r < 0.8:
            parts.append(caps(adjective()))
        else:
            parts.append(str(rng.randint(-100, 100000)))
    seps = [pick(ODD_SPACES) if maybe(0.3) else " " for _ in parts]
    text = "".join(p + s for p, s in zip(parts, seps))
    if maybe(0.3):
        text = pick(ODD_SPACES) + text
    return text + pick(PUNCT)


def soup_line():
    """Random token soup: every rule interacting with every other."""
    pools = [FILLER, FILLER, COMMON_GOOD, COMMON_BAD, POSITIVE, NEGATIVE, MILD, BOOSTERS_UP,
             BOOSTERS_DOWN, NEGATE, ["but", "but", "kind", "of", "least", "at", "very", "no",
                                     "or", "nor", "so", "this", "never", "without", "doubt",
                                     "the", "shit", "bomb", "bad", "ass", "yeah", "right",
                                     "to", "die", "for", "kiss", "death", "beating", "heart",
                                     "bus", "stop", "just", "enough", "sort"], EMOTICONS]
    words = []
    for _ in range(rng.randint(1, 14)):
        w = pick(pick(pools))
        r = rng.random()
        if r < 0.12:
            w = w.upper()
        elif r < 0.18:
            w = w.capitalize()
        if maybe(0.1):
            w = w + pick(["!", "?", ".", ",", "!!", "...", "?!", "'s", "'"])
        if maybe(0.05):
            w = pick(["(", '"', "'", "*", "#"]) + w
        words.append(w)
    if maybe(0.05):
        words.append(pick(EMOJI_SINGLE))
    return " ".join(words) + pick(PUNCT)


def empty_line():
    return pick(["", " ", "   ", ".", "!", "?", "!!", "??", "...", "-", ":)", ":(", "a", "I",
                 "ok", "OK", "K", "no", "No", "NO", "yes", "but", "not", "never", "kind of",
                 "\u3000", "\x1c", "\u00a0", "\u200b", "😁", " 😁 ", "!?", "?!?", "....!!!!",
                 "b u t", "123", "0", "#", "@", "https://x.y"])


def long_line():
    parts = [pick([chat_line, review, negation_line, booster_line, but_line, soup_line])()
             for _ in range(rng.randint(3, 12))]
    return " ".join(parts)


FAMILIES = [
    (chat_line, 1100), (review, 600), (negation_line, 900), (booster_line, 600),
    (caps_line, 450), (but_line, 500), (but_quirk_line, 200), (least_line, 250),
    (idiom_line, 450), (emoji_line, 450), (emoticon_line, 250), (punctuation_line, 350),
    (noise_line, 350), (soup_line, 1100), (empty_line, 60), (long_line, 120),
]

FIXED = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
    "It was one of the worst movies I've seen, despite good reviews.",
    "Unbelievably bad acting!!",
    "Poor direction.",
    "VERY poor production.",
    "The movie was bad.",
    "Very bad movie.",
    "VERY BAD movie!",
    "I'm surprised to see just how amazingly helpful VADER is!",
    "我很惊讶地看到VADER是如此有用!",
    "good good but good good",
    "no no good",
    "NO good",
    "no problem or trouble",
    "no",
    "happy birthday",
    "tear gas",
]


def clean(sentence):
    return sentence.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def sentences():
    seen = set()
    out = []
    for s in FIXED:
        s = clean(s)
        if s not in seen:
            seen.add(s)
            out.append(s)
    for family, count in FAMILIES:
        made = 0
        attempts = 0
        while made < count and attempts < count * 20:
            attempts += 1
            s = clean(family())
            if s in seen:
                continue
            seen.add(s)
            out.append(s)
            made += 1
    return out


def main():
    rows = []
    for s in sentences():
        scores = ANALYZER.polarity_scores(s)
        rows.append("\t".join([repr(scores["compound"]), repr(scores["pos"]),
                               repr(scores["neu"]), repr(scores["neg"]), s]))
    header = [
        "# VADER fidelity corpus: compound, pos, neu, neg, sentence (tab-separated).",
        "# Generated by scripts/sentiment-corpus.py (seed %d) with vaderSentiment %s on Python %s."
        % (SEED, VERSION, sys.version.split()[0]),
        "# Regenerate with: python3 scripts/sentiment-corpus.py",
    ]
    if sys.version_info >= (3, 12):
        print("warning: Python >= 3.12 sums floats with compensation; the reference scores "
              "may differ in the last digit from Python 3.11 and from the Rust port",
              file=sys.stderr)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + rows) + "\n")
    print("wrote %d sentences to %s" % (len(rows), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()
