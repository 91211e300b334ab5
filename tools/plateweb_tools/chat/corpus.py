"""Grounded chat dialogues in English and French, in exactly the prompt format of docs/CHAT-PROMPT.md.

The generator simulates the grounding layer: for every dialogue it builds a small history of reads
(plates of many countries in the grammar's display forms, dates around a Today), picks what is
asked, computes the fact lines from that history as src/PlateWeb.Chat does, and writes the answer
the model must learn: short, in the question's language, copying plates, counts, dates, countries
and percentages from the facts and citing them as [n]; "That is not in the data." /
"Ce n'est pas dans les données." when the facts do not answer.

Splits are by question template and by plate: train / valid / heldout. Held-out questions use
wordings and plates that training never sees, but keep the key words a keyword-based grounding
layer looks for ("how many", "combien", "first", "dernier", "which country", "format", ...).

  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.corpus --out tools/out/corpus   # train/valid/heldout JSONL
  PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.chat.corpus --eval tools/plateweb_tools/chat/eval   # seed.jsonl + heldout.jsonl
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import random
from dataclasses import dataclass, field

from .prompt import number_facts, render_prompt, system_message

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

# code: (English name, French name, French "in" phrase, English adjective, French adjective (fem. pl.))
COUNTRIES = {
    "FR": ("France", "France", "en France", "French", "françaises"),
    "DE": ("Germany", "Allemagne", "en Allemagne", "German", "allemandes"),
    "IT": ("Italy", "Italie", "en Italie", "Italian", "italiennes"),
    "ES": ("Spain", "Espagne", "en Espagne", "Spanish", "espagnoles"),
    "NL": ("Netherlands", "Pays-Bas", "aux Pays-Bas", "Dutch", "néerlandaises"),
    "BE": ("Belgium", "Belgique", "en Belgique", "Belgian", "belges"),
    "PL": ("Poland", "Pologne", "en Pologne", "Polish", "polonaises"),
    "GB": ("United Kingdom", "Royaume-Uni", "au Royaume-Uni", "British", "britanniques"),
    "PT": ("Portugal", "Portugal", "au Portugal", "Portuguese", "portugaises"),
    "AT": ("Austria", "Autriche", "en Autriche", "Austrian", "autrichiennes"),
    "CH": ("Switzerland", "Suisse", "en Suisse", "Swiss", "suisses"),
    "US": ("United States", "États-Unis", "aux États-Unis", "American", "américaines"),
    "BR": ("Brazil", "Brésil", "au Brésil", "Brazilian", "brésiliennes"),
    "SK": ("Slovakia", "Slovaquie", "en Slovaquie", "Slovak", "slovaques"),
    "CZ": ("Czechia", "Tchéquie", "en Tchéquie", "Czech", "tchèques"),
    "EU": ("Europe", "Europe", "en Europe", "European", "européennes"),
    "??": ("unknown", "inconnu", "", "", ""),
}
# "from Germany" / "d'Allemagne": how a question names a country without its adjective.
FROM_FR = {"FR": "de France", "DE": "d'Allemagne", "IT": "d'Italie", "ES": "d'Espagne", "NL": "des Pays-Bas",
           "BE": "de Belgique", "PL": "de Pologne", "GB": "du Royaume-Uni", "PT": "du Portugal",
           "AT": "d'Autriche", "CH": "de Suisse", "US": "des États-Unis", "BR": "du Brésil",
           "SK": "de Slovaquie", "CZ": "de Tchéquie"}
FROM_EN = {"US": "the United States", "GB": "the United Kingdom", "NL": "the Netherlands"}

WEEKDAYS = {"en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
            "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")}
MONTHS = {"en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December"),
          "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre")}

NOT_IN_DATA = {"en": "That is not in the data.", "fr": "Ce n'est pas dans les données."}
CONFUSABLE = {"O": "0", "0": "O", "I": "1", "1": "I", "B": "8", "8": "B", "S": "5", "5": "S", "Z": "2",
              "2": "Z", "G": "6", "6": "G", "D": "0", "A": "4", "T": "7", "E": "F", "H": "N", "M": "N"}


# --------------------------------------------------------------------------------------------
# Plates and splits
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plate:
    compact: str
    display: str
    fmt: str
    country: str
    matches: tuple  # ((display, format), ...) as platectl explain gave them, best first


def load_formats():
    formats = {}
    with open(os.path.join(DATA, "formats.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            fmt, country, en, fr = line.rstrip("\n").split("\t")
            formats[fmt] = {"country": country, "en": en, "fr": fr}
    return formats


def load_plates(formats):
    plates = []
    with open(os.path.join(DATA, "plates.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            compact, display, fmt, allm = line.rstrip("\n").split("\t")
            matches = tuple(tuple(m.split("|")) for m in allm.split(";"))
            plates.append(Plate(compact, display, fmt, formats[fmt]["country"], matches))
    return plates


def split_of(key, valid=0.1, heldout=0.1):
    """Stable split by hash: the same plate or template always lands in the same split."""
    h = int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "heldout" if h < heldout else "valid" if h < heldout + valid else "train"


def plate_splits(plates):
    out = {"train": [], "valid": [], "heldout": []}
    for p in plates:
        out[split_of("plate:" + p.compact)].append(p)
    return out


# --------------------------------------------------------------------------------------------
# A history of reads and the grounding layer's queries over it
# --------------------------------------------------------------------------------------------

@dataclass
class Read:
    id: int
    plate: Plate
    at: dt.datetime
    confidence: int
    corrected_from: str | None = None
    camera: str | None = None


def fmt_date(t):
    return t.strftime("%Y-%m-%d %H:%M")


def reads_word(n):
    return f"{n} read" if n == 1 else f"{n} reads"


def country_label(cc, lang):
    names = COUNTRIES.get(cc, COUNTRIES["??"])
    return f"{cc} ({names[0] if lang == 'en' else names[1]})"


@dataclass
class History:
    reads: list
    by_plate: dict = field(default_factory=dict)

    def __post_init__(self):
        self.reads.sort(key=lambda r: r.at)
        for r in self.reads:
            self.by_plate.setdefault(r.plate.display, []).append(r)

    def plates(self):
        return list(self.by_plate)

    def in_period(self, period):
        if period is None:
            return list(self.reads)
        a, b = period
        return [r for r in self.reads if a <= r.at.date() <= b]

    # Fact line bodies, exactly as docs/CHAT-PROMPT.md writes them.
    def summary(self, display, lang):
        rs = self.by_plate[display]
        p = rs[0].plate
        return (f"plate {display}: {reads_word(len(rs))}, first {fmt_date(rs[0].at)}, last {fmt_date(rs[-1].at)}, "
                f"country {country_label(p.country, lang)}, best confidence {max(r.confidence for r in rs)}%")

    @staticmethod
    def read_line(r, lang):
        s = (f"read #{r.id}: {r.plate.display} at {fmt_date(r.at)}, country {country_label(r.plate.country, lang)}, "
             f"confidence {r.confidence}%")
        if r.corrected_from:
            s += f", corrected from {r.corrected_from}"
        if r.camera:
            s += f", camera {r.camera}"
        return s


def confusable_variant(rng, display):
    idx = [i for i, c in enumerate(display) if c in CONFUSABLE]
    if not idx:
        return None
    i = rng.choice(idx)
    return display[:i] + CONFUSABLE[display[i]] + display[i + 1:]


# Camera names as people give them: English, French with accents, with a number.
CAMERA_NAMES = ["Gate", "Entrée", "Exit", "Sortie", "North", "Parking", "Quai 2", "Barrière", "Lane 1", "Portail"]


def add_cameras(reads):
    """Some histories come from cameras: each read from one of 1-3 cameras, a few uploads among them. Its own
    random stream (seeded by the reads), so the histories' plates, times and ids stay those of the main stream."""
    crng = random.Random(f"cameras:{reads[0].id if reads else 0}:{len(reads)}")
    if not reads or crng.random() >= 0.35:
        return
    names = crng.sample(CAMERA_NAMES, crng.randint(1, 3))
    for r in reads:
        r.camera = crng.choice(names) if crng.random() < 0.85 else None


def make_history(rng, pool, today, n_plates=None, start_id=None, days=75, cameras=True):
    """A random history: some plates seen once, some many times, most recent days denser."""
    n_plates = n_plates or rng.choice([3, 5, 8, 12, 16, 20, 25, 30, 40])
    chosen = rng.sample(pool, min(n_plates, len(pool)))
    reads = []
    next_id = start_id if start_id is not None else rng.randint(1, 5000)
    now_limit = dt.datetime.combine(today, dt.time(23, 59))
    for p in chosen:
        k = rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 7, 9, 12])
        span = rng.choice([2, 7, 20, days])
        end_day = today - dt.timedelta(days=int(rng.expovariate(1 / 6)) % days)
        for _ in range(k):
            day = end_day - dt.timedelta(days=rng.randint(0, span))
            t = dt.datetime.combine(day, dt.time(rng.randint(6, 21), rng.randint(0, 59)))
            if t > now_limit:
                t = now_limit - dt.timedelta(minutes=rng.randint(1, 300))
            conf = int(max(35, min(99, rng.gauss(84, 10))))
            corrected = confusable_variant(rng, p.display) if rng.random() < 0.08 else None
            reads.append(Read(0, p, t, conf, corrected))
    reads.sort(key=lambda r: r.at)
    for r in reads:
        r.id = next_id
        next_id += rng.randint(1, 3)
    if cameras:
        add_cameras(reads)
    return History(reads)


# --------------------------------------------------------------------------------------------
# Periods: what the question says, what the grounding layer resolves it to
# --------------------------------------------------------------------------------------------

PERIOD_PHRASES = {
    "en": {
        "today": ["today", "so far today"],
        "yesterday": ["yesterday"],
        "this_week": ["this week", "since Monday"],
        "last_week": ["last week"],
        "last7": ["in the last 7 days", "over the last 7 days", "during the last 7 days"],
        "this_month": ["this month"],
        "last_month": ["last month", "during last month"],
        "since_wd": ["since {wd}"],
        "on_date": ["on {iso}", "on {dmy}"],
        "in_month": ["in {month}"],
    },
    "fr": {
        "today": ["aujourd'hui"],
        "yesterday": ["hier"],
        "this_week": ["cette semaine", "depuis lundi"],
        "last_week": ["la semaine dernière"],
        "last7": ["les 7 derniers jours", "sur les 7 derniers jours", "pendant les 7 derniers jours"],
        "this_month": ["ce mois-ci"],
        "last_month": ["le mois dernier"],
        "since_wd": ["depuis {wd}"],
        "on_date": ["le {dmy}", "le {iso}"],
        "in_month": ["en {month}"],
    },
}


def resolve_period(kind, today, rng):
    """(first day, last day, values for the phrase) as the grounding layer computes it."""
    monday = today - dt.timedelta(days=today.weekday())
    if kind == "today":
        return today, today, {}
    if kind == "yesterday":
        d = today - dt.timedelta(days=1)
        return d, d, {}
    if kind == "this_week":
        return monday, today, {}
    if kind == "last_week":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), {}
    if kind == "last7":
        return today - dt.timedelta(days=6), today, {}
    if kind == "this_month":
        return today.replace(day=1), today, {}
    if kind == "last_month":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last, {}
    if kind == "since_wd":
        wd = rng.randint(0, 6)
        start = today - dt.timedelta(days=(today.weekday() - wd) % 7)
        return start, today, {"wd": wd}
    if kind == "on_date":
        d = today - dt.timedelta(days=rng.randint(0, 40))
        return d, d, {"date": d}
    if kind == "in_month":
        back = rng.randint(0, 3)
        y, m = today.year, today.month - back
        while m <= 0:
            m += 12
            y -= 1
        first = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1), {"month": m}
    raise ValueError(kind)


def period_phrase(kind, lang, values, rng):
    phrase = rng.choice(PERIOD_PHRASES[lang][kind])
    if "{wd}" in phrase:
        phrase = phrase.replace("{wd}", WEEKDAYS[lang][values["wd"]])
    if "{month}" in phrase:
        phrase = phrase.replace("{month}", MONTHS[lang][values["month"] - 1])
    if "{iso}" in phrase:
        phrase = phrase.replace("{iso}", values["date"].isoformat())
    if "{dmy}" in phrase:
        phrase = phrase.replace("{dmy}", values["date"].strftime("%d/%m/%Y"))
    return phrase


@dataclass
class Period:
    kind: str | None
    first: dt.date | None
    last: dt.date | None
    phrase: str  # as written in the question ("" when none)

    @property
    def header(self):
        return "all" if self.kind is None else f"{self.first.isoformat()} to {self.last.isoformat()}"

    @property
    def range(self):
        return None if self.kind is None else (self.first, self.last)


def pick_period(rng, lang, today, allow_none=True, kinds=None):
    kinds = kinds or ["today", "yesterday", "this_week", "last_week", "last7", "this_month", "last_month",
                      "since_wd", "on_date", "in_month"]
    if allow_none and rng.random() < 0.3:
        return Period(None, None, None, "")
    kind = rng.choice(kinds)
    a, b, values = resolve_period(kind, today, rng)
    return Period(kind, a, b, period_phrase(kind, lang, values, rng))


# --------------------------------------------------------------------------------------------
# Question templates. "t" train, "v" valid, "h" held-out. {p} plate as the user writes it, {per}
# " " + period phrase (or ""), {Per} the period phrase capitalised at the start of a sentence.
# --------------------------------------------------------------------------------------------

Q = {
    ("count_plate", "en"): [
        ("t", "How many times did we see {p}{per}?"), ("t", "How many times was {p} seen{per}?"),
        ("t", "How many reads of {p}{per}?"), ("t", "how many times has {p} been read{per}"),
        ("t", "{Per}, how many times did {p} come by?"), ("t", "How many times did the camera catch {p}{per}?"),
        ("t", "how many times {p}{per}?"), ("t", "How many times did plate {p} pass{per}?"),
        ("v", "How many reads do we have for {p}{per}?"), ("v", "So how many times was {p} spotted{per}?"),
        ("h", "Can you tell me how many times {p} showed up{per}?"),
        ("h", "Out of curiosity, how many sightings of {p} are there{per}?"),
        ("h", "I'd like to know how many times the car {p} went past{per}."),
        ("h", "Quick question: how many times did {p} turn up{per}?"),
    ],
    ("count_plate", "fr"): [
        ("t", "Combien de fois a-t-on vu {p}{per} ?"), ("t", "Combien de fois {p} a-t-elle été vue{per} ?"),
        ("t", "Combien de lectures de {p}{per} ?"), ("t", "{Per}, combien de fois a-t-on lu {p} ?"),
        ("t", "combien de fois la plaque {p} est passée{per}"), ("t", "Combien de fois {p}{per} ?"),
        ("t", "Combien de fois avez-vous vu {p}{per} ?"), ("t", "combien de fois on a lu {p}{per} ?"),
        ("v", "Combien de passages pour {p}{per} ?"), ("v", "Et {p}, combien de fois{per} ?"),
        ("h", "Tu peux me dire combien de fois on a croisé {p}{per} ?"),
        ("h", "J'aimerais savoir combien de fois la voiture {p} est apparue{per}."),
        ("h", "Combien de fois est-ce que {p} a été repérée{per} ?"),
        ("h", "Dis-moi combien de fois {p} s'est présentée{per}."),
    ],
    ("count_total", "en"): [
        ("t", "How many plates did we read{per}?"), ("t", "How many reads{per}?"),
        ("t", "How many plates were seen{per}?"), ("t", "{Per}, how many plates did we get?"),
        ("t", "how many cars went by{per}"),
        ("v", "How many plates have been recognised{per}?"),
        ("h", "Could you count how many plates came in{per}?"),
        ("h", "Tell me how many vehicles were recorded{per}."),
    ],
    ("count_total", "fr"): [
        ("t", "Combien de plaques a-t-on lues{per} ?"), ("t", "Combien de lectures{per} ?"),
        ("t", "Combien de plaques{per} ?"), ("t", "{Per}, combien de plaques avons-nous vues ?"),
        ("t", "combien de voitures sont passées{per}"),
        ("v", "Combien de plaques ont été reconnues{per} ?"),
        ("h", "Tu sais combien de plaques on a enregistrées{per} ?"),
        ("h", "Peux-tu me donner combien de véhicules ont été relevés{per} ?"),
    ],
    ("count_country", "en"): [
        ("t", "How many {adj} plates did we see{per}?"), ("t", "How many plates from {from}{per}?"),
        ("t", "How many {adj} cars{per}?"), ("t", "{Per}, how many {adj} plates?"),
        ("v", "How many reads from {from}{per}?"),
        ("h", "Any idea how many {adj} plates came through{per}?"),
        ("h", "Tell me how many vehicles from {from} we recorded{per}."),
    ],
    ("count_country", "fr"): [
        ("t", "Combien de plaques {adj}{per} ?"), ("t", "Combien de voitures {from}{per} ?"),
        ("t", "Combien de plaques {from} a-t-on vues{per} ?"), ("t", "{Per}, combien de plaques {adj} ?"),
        ("v", "Combien de véhicules {adj} avons-nous lus{per} ?"),
        ("h", "Tu sais combien de plaques {adj} sont passées{per} ?"),
        ("h", "J'aimerais savoir combien de véhicules {from} on a relevés{per}."),
    ],
    ("count_prefix", "en"): [
        ("t", "How many plates starting with {x}{per}?"), ("t", "How many reads start with {x}{per}?"),
        ("v", "How many plates begin with {x}{per}?"),
        ("h", "Could you say how many plates starting with {x} we have{per}?"),
    ],
    ("count_prefix", "fr"): [
        ("t", "Combien de plaques commençant par {x}{per} ?"), ("t", "Combien de plaques commencent par {x}{per} ?"),
        ("v", "Combien de lectures commençant par {x}{per} ?"),
        ("h", "Tu peux compter combien de plaques commençant par {x} on a{per} ?"),
    ],
    ("first_seen", "en"): [
        ("t", "When did we first see {p}?"), ("t", "When was {p} first seen?"),
        ("t", "first time we saw {p}?"), ("t", "When was the first read of {p}?"),
        ("t", "What was the first time {p} came by?"), ("t", "When did {p} first show up?"),
        ("v", "When was {p} read for the first time?"),
        ("h", "Do you know when {p} appeared for the first time?"),
        ("h", "Since when do we have {p}? I mean the first sighting."),
        ("h", "Remind me of the first time the camera caught {p}."),
    ],
    ("first_seen", "fr"): [
        ("t", "{p} a été vue pour la première fois quand ?"), ("t", "Et le premier passage de {p} ?"), ("t", "Je voudrais la date du premier passage de {p}."), ("t", "La première fois que la caméra a vu {p}, c'était quand ?"), ("t", "De quand date la première lecture de {p} ?"),
        ("t", "Quand a-t-on vu {p} pour la première fois ?"), ("t", "Première fois qu'on a vu {p} ?"),
        ("t", "Quand {p} a-t-elle été vue la première fois ?"), ("t", "quand est-ce qu'on a lu {p} la première fois"),
        ("t", "Quelle est la première lecture de {p} ?"), ("t", "Le premier passage de {p}, c'était quand ?"),
        ("v", "Quand {p} est-elle passée pour la première fois ?"),
        ("h", "Tu te souviens de la première fois où {p} est apparue ?"),
        ("h", "Dis-moi quand la voiture {p} a été repérée la première fois."),
        ("h", "À quand remonte le premier passage de {p} ?"),
    ],
    ("last_seen", "en"): [
        ("t", "When did we last see {p}?"), ("t", "When was {p} last seen?"), ("t", "When did we see {p}?"),
        ("t", "last time we saw {p}?"), ("t", "When was the last read of {p}?"), ("t", "When did {p} last come by?"),
        ("v", "When was {p} read for the last time?"), ("v", "When was {p} seen most recently? The last time."),
        ("h", "Do you know when {p} was around the last time?"),
        ("h", "Remind me of the last time the camera caught {p}."),
        ("h", "What's the date of the last sighting of {p}?"),
    ],
    ("last_seen", "fr"): [
        ("t", "{p} a été vue pour la dernière fois quand ?"), ("t", "Et le dernier passage de {p} ?"), ("t", "Je voudrais la date du dernier passage de {p}."), ("t", "On a vu {p} pour la dernière fois le combien ?"), ("t", "La dernière fois que la caméra a vu {p}, c'était quand ?"), ("t", "Tu peux me dire quand {p} est passée en dernier ?"), ("t", "De quand date la dernière lecture de {p} ?"),
        ("t", "Quand a-t-on vu {p} pour la dernière fois ?"), ("t", "Dernière fois qu'on a vu {p} ?"),
        ("t", "Quand a-t-on vu {p} ?"), ("t", "quand est-ce qu'on a lu {p} la dernière fois"),
        ("t", "Quelle est la dernière lecture de {p} ?"), ("t", "Le dernier passage de {p}, c'était quand ?"),
        ("v", "Quand {p} est-elle passée pour la dernière fois ?"),
        ("h", "Tu te souviens de la dernière fois où {p} est apparue ?"),
        ("h", "Dis-moi quand la voiture {p} a été repérée la dernière fois."),
        ("h", "À quand remonte le dernier passage de {p} ?"),
    ],
    ("list", "en"): [
        ("t", "List the plates seen{per}."), ("t", "Which plates did we see{per}?"),
        ("t", "list plates{per}"), ("t", "Show me the list of plates{per}."),
        ("t", "{Per}, list the plates we read."), ("t", "List the latest reads{per}."),
        ("v", "Give me the list of reads{per}."),
        ("h", "Could you list every plate that came in{per}?"),
        ("h", "I need a list of the vehicles recorded{per}."),
    ],
    ("list", "fr"): [
        ("t", "Tu peux me donner la liste des plaques{per} ?"), ("t", "J'aimerais la liste des lectures{per}."), ("t", "Quelles voitures sont passées{per} ?"), ("t", "Montre-moi les véhicules vus{per}."),
        ("t", "Liste les plaques vues{per}."), ("t", "Quelles plaques a-t-on vues{per} ?"),
        ("t", "liste des plaques{per}"), ("t", "Donne-moi la liste des plaques{per}."),
        ("t", "{Per}, liste les plaques lues."), ("t", "Liste les dernières lectures{per}."),
        ("v", "Fais la liste des lectures{per}."),
        ("h", "Tu peux me lister toutes les plaques passées{per} ?"),
        ("h", "J'ai besoin de la liste des véhicules relevés{per}."),
    ],
    ("list_country", "en"): [
        ("t", "List the {adj} plates{per}."), ("t", "Which {adj} plates did we see{per}?"),
        ("v", "List the plates from {from}{per}."),
        ("h", "Could you list the {adj} vehicles that came in{per}?"),
    ],
    ("list_country", "fr"): [
        ("t", "Liste les plaques {adj}{per}."), ("t", "Quelles plaques {adj} a-t-on vues{per} ?"),
        ("v", "Liste les plaques {from}{per}."),
        ("h", "Tu peux me lister les véhicules {adj} passés{per} ?"),
    ],
    ("country_plate", "en"): [
        ("t", "Which country is {p} from?"), ("t", "What country is {p}?"), ("t", "which country {p}"),
        ("t", "Which country does {p} come from?"), ("t", "What is the country of {p}?"),
        ("v", "Which country issued {p}?"),
        ("h", "Do you know which country the car {p} is registered in?"),
        ("h", "Tell me which country {p} belongs to."),
    ],
    ("country_plate", "fr"): [
        ("t", "{p} est immatriculée dans quel pays ?"), ("t", "Dans quel pays est immatriculée la voiture {p} ?"), ("t", "{p}, elle est immatriculée où ?"), ("t", "La plaque {p} est de quel pays ?"), ("t", "Tu peux me dire le pays de {p} ?"), ("t", "D'où vient la voiture {p} ?"),
        ("t", "De quel pays est {p} ?"), ("t", "Quel pays pour {p} ?"), ("t", "quel pays {p}"),
        ("t", "{p} vient de quel pays ?"), ("t", "Quel est le pays de {p} ?"),
        ("v", "Quel pays a immatriculé {p} ?"),
        ("h", "Tu sais dans quel pays la voiture {p} est immatriculée ?"),
        ("h", "Dis-moi de quel pays vient {p}."),
    ],
    ("country_this", "en"): [
        ("t", "Which country is this plate from?"), ("t", "What country is this plate?"),
        ("v", "Which country does this plate come from?"), ("h", "Do you know which country this plate is from?"),
    ],
    ("country_this", "fr"): [
        ("t", "De quel pays est cette plaque ?"), ("t", "Quel pays pour cette plaque ?"),
        ("v", "Cette plaque vient de quel pays ?"), ("h", "Tu sais de quel pays est cette plaque ?"),
    ],
    ("country_tally", "en"): [
        ("t", "Which countries did we see{per}?"), ("t", "Which countries are the plates from{per}?"),
        ("t", "Plates by country{per}?"), ("v", "Which countries came up{per}?"),
        ("h", "Could you break the plates down by country{per}?"),
    ],
    ("country_tally", "fr"): [
        ("t", "Quels pays a-t-on vus{per} ?"), ("t", "De quels pays viennent les plaques{per} ?"),
        ("t", "Plaques par pays{per} ?"), ("v", "Quels pays sont apparus{per} ?"),
        ("h", "Tu peux me répartir les plaques par pays{per} ?"),
    ],
    ("explain_format", "en"): [
        ("t", "What format is {p}?"), ("t", "Explain the format of {p}."), ("t", "format of {p}?"),
        ("t", "Which plate format is {p}?"), ("t", "What does the format of {p} mean?"),
        ("v", "Is {p} a valid format?"),
        ("h", "Could you walk me through the format of {p}?"),
        ("h", "I don't get the format of {p}, what is it?"),
    ],
    ("explain_format", "fr"): [
        ("t", "Quel est le format de {p} ?"), ("t", "Explique le format de {p}."), ("t", "format de {p} ?"),
        ("t", "C'est quel format, {p} ?"), ("t", "Que signifie le format de {p} ?"),
        ("v", "{p} a-t-elle un format valide ?"),
        ("h", "Tu peux m'expliquer le format de la plaque {p} ?"),
        ("h", "Je ne comprends pas le format de {p}, c'est quoi ?"),
    ],
    ("confidence", "en"): [
        ("t", "What was the confidence for {p}?"), ("t", "How confident was the read of {p}?"),
        ("t", "confidence of {p}?"), ("t", "What confidence did {p} get?"),
        ("v", "Which confidence score does {p} have?"),
        ("h", "How high was the confidence when {p} was read?"),
        ("h", "Tell me the confidence we had on {p}."),
    ],
    ("confidence", "fr"): [
        ("t", "La confiance de la lecture de {p}, c'est combien ?"), ("t", "Quel taux de confiance pour {p} ?"), ("t", "Tu peux me donner la confiance de {p} ?"), ("t", "{p} a été lue avec quelle confiance ?"), ("t", "Le niveau de confiance obtenu pour {p} ?"),
        ("t", "Quelle est la confiance pour {p} ?"), ("t", "Avec quelle confiance {p} a-t-elle été lue ?"),
        ("t", "confiance de {p} ?"), ("t", "Quel indice de confiance pour {p} ?"),
        ("v", "Quel niveau de confiance a {p} ?"),
        ("h", "Tu connais le taux de confiance de la lecture de {p} ?"),
        ("h", "Donne-moi la confiance obtenue sur {p}."),
    ],
    ("confidence_read", "en"): [
        ("t", "What was the confidence of read #{id}?"), ("t", "How confident was read #{id}?"),
        ("h", "Tell me the confidence of read number #{id}."),
    ],
    ("confidence_read", "fr"): [
        ("t", "La lecture #{id} a été lue avec quelle confiance ?"), ("t", "Tu peux me donner la confiance de la lecture #{id} ?"), ("t", "Quel taux de confiance pour la lecture #{id} ?"),
        ("t", "Quelle était la confiance de la lecture #{id} ?"), ("t", "Confiance de la lecture #{id} ?"),
        ("h", "Donne-moi la confiance de la lecture numéro #{id}."),
    ],
    ("compare", "en"): [
        ("t", "Compare {p} and {q}."), ("t", "Compare {p} with {q}."), ("t", "compare {p} {q}"),
        ("t", "Can you compare {p} and {q}?"), ("v", "Compare the plates {p} and {q}, please."),
        ("h", "I'd like you to compare {p} against {q}."),
        ("h", "How do {p} and {q} compare?"),
    ],
    ("compare", "fr"): [
        ("t", "Compare {p} et {q}."), ("t", "Compare {p} avec {q}."), ("t", "compare {p} {q}"),
        ("t", "Peux-tu comparer {p} et {q} ?"), ("v", "Compare les plaques {p} et {q}, s'il te plaît."),
        ("h", "J'aimerais que tu compares {p} à {q}."),
        ("h", "Qu'est-ce que ça donne si on compare {p} et {q} ?"),
    ],
    ("compare_country", "en"): [
        ("t", "Compare {adj} and {adj2} plates{per}."), ("t", "Compare plates from {from} and {from2}{per}."),
        ("h", "I'd like to compare {adj} with {adj2} plates{per}."),
    ],
    ("compare_country", "fr"): [
        ("t", "Compare les plaques {adj} et {adj2}{per}."), ("t", "Compare les plaques {from} et {from2}{per}."),
        ("h", "J'aimerais comparer les plaques {adj} aux plaques {adj2}{per}."),
    ],
    ("corrections", "en"): [
        ("t", "Which reads were corrected{per}?"), ("t", "Show the corrected reads{per}."),
        ("t", "corrected plates{per}?"), ("t", "{Per}, which plates were corrected?"),
        ("v", "What did users correct{per}?"),
        ("h", "Were any reads corrected by hand{per}?"),
        ("h", "Tell me which plates someone corrected{per}."),
    ],
    ("corrections", "fr"): [
        ("t", "Est-ce que quelqu'un a corrigé des plaques{per} ?"), ("t", "Tu peux me montrer les corrections{per} ?"), ("t", "Y a-t-il eu des corrections{per} ?"),
        ("t", "Quelles lectures ont été corrigées{per} ?"), ("t", "Montre les lectures corrigées{per}."),
        ("t", "plaques corrigées{per} ?"), ("t", "{Per}, quelles plaques ont été corrigées ?"),
        ("v", "Qu'est-ce qui a été corrigé{per} ?"),
        ("h", "Est-ce que des lectures ont été corrigées à la main{per} ?"),
        ("h", "Dis-moi quelles plaques quelqu'un a corrigées{per}."),
    ],
    ("corrections_plate", "en"): [
        ("t", "Was {p} corrected?"), ("t", "Has anyone corrected {p}?"),
        ("h", "Did somebody correct the read of {p}?"),
    ],
    ("corrections_plate", "fr"): [
        ("t", "{p} a-t-elle été corrigée ?"), ("t", "Quelqu'un a corrigé {p} ?"),
        ("h", "Est-ce que la lecture de {p} a été corrigée par quelqu'un ?"),
    ],
    ("help", "en"): [
        ("t", "Help"), ("t", "What can you do?"), ("t", "help me"), ("t", "How does this work?"),
        ("t", "What can I ask you?"), ("v", "I need some help."), ("h", "Could you help me get started?"),
    ],
    ("help", "fr"): [
        ("t", "Aide"), ("t", "Que sais-tu faire ?"), ("t", "aide-moi"), ("t", "Comment ça marche ?"),
        ("t", "Qu'est-ce que je peux te demander ?"), ("v", "J'ai besoin d'aide."),
        ("h", "Tu peux m'aider à démarrer ?"),
    ],
    ("help_upload", "en"): [
        ("t", "How do I upload a photo?"), ("t", "How do I add pictures?"), ("t", "help with upload"),
        ("h", "How do I upload my images here?"),
    ],
    ("help_upload", "fr"): [
        ("t", "Comment envoyer une photo ?"), ("t", "Comment ajouter des images ?"), ("t", "aide pour l'envoi"),
        ("h", "Comment faire pour envoyer mes photos ici ?"),
    ],
    ("help_history", "en"): [
        ("t", "How do I search the history?"), ("t", "Where do I find old reads?"),
        ("h", "How do I look for a plate in the history?"),
    ],
    ("help_history", "fr"): [
        ("t", "Comment chercher dans l'historique ?"), ("t", "Où trouver les anciennes lectures ?"),
        ("h", "Comment retrouver une plaque dans l'historique ?"),
    ],
    ("help_correct", "en"): [
        ("t", "How do I correct a wrong read?"), ("t", "How can I fix a plate that was read wrong?"),
        ("h", "How do I correct a plate the engine got wrong?"),
    ],
    ("help_correct", "fr"): [
        ("t", "Comment corriger une lecture fausse ?"), ("t", "Comment corriger une plaque mal lue ?"),
        ("h", "Comment je corrige une plaque que le moteur a mal lue ?"),
    ],
    ("help_export", "en"): [
        ("t", "How do I export the reads?"), ("t", "Can I export the history?"),
        ("h", "How do I export my data to a spreadsheet?"),
    ],
    ("help_export", "fr"): [
        ("t", "Comment exporter les lectures ?"), ("t", "Je peux exporter l'historique ?"),
        ("h", "Comment exporter mes données vers un tableur ?"),
    ],
    ("greeting", "en"): [
        ("t", "Hello"), ("t", "Hi!"), ("t", "Good morning"), ("t", "hey"), ("t", "Hello there"),
        ("t", "Thanks!"), ("t", "Thank you"), ("v", "Good evening!"), ("h", "Hi, how are you?"),
        ("h", "Hey, thanks a lot!"),
    ],
    ("greeting", "fr"): [
        ("t", "Bonjour"), ("t", "Salut !"), ("t", "Bonsoir"), ("t", "coucou"), ("t", "Bonjour à toi"),
        ("t", "Merci !"), ("t", "Merci beaucoup"), ("v", "Salut, ça va ?"), ("h", "Bonjour, comment vas-tu ?"),
        ("h", "Super, merci bien !"),
    ],
    ("unknown", "en"): [
        ("t", "What's the name of the driver of {p}?"), ("t", "Who is the owner of {p}?"), ("t", "Where does the owner of {p} live?"),
        ("t", "What's the weather tomorrow?"), ("t", "Who owns {p}?"), ("t", "Tell me a joke."),
        ("t", "What colour is the car {p}?"), ("t", "Who was driving {p}?"), ("t", "What is the capital of Peru?"),
        ("t", "How fast was {p} going?"), ("t", "What brand is the car {p}?"), ("t", "Where does the driver of {p} live?"),
        ("t", "Is {p} insured?"), ("t", "Write me a poem."), ("t", "What time is sunset?"),
        ("v", "What model of car is {p}?"), ("v", "Who is the president?"),
        ("h", "What's the phone number of the owner of {p}?"), ("h", "Can you book me a table for tonight?"),
        ("h", "What's the speed limit here?"), ("h", "Which garage repaired {p}?"),
    ],
    ("unknown", "fr"): [
        ("t", "Comment s'appelle le conducteur de {p} ?"), ("t", "À qui appartient {p} ?"), ("t", "Où habite le propriétaire de {p} ?"),
        ("t", "Quel temps fera-t-il demain ?"), ("t", "À qui appartient {p} ?"), ("t", "Raconte-moi une blague."),
        ("t", "De quelle couleur est la voiture {p} ?"), ("t", "Qui conduisait {p} ?"), ("t", "Quelle est la capitale du Pérou ?"),
        ("t", "À quelle vitesse roulait {p} ?"), ("t", "Quelle marque est la voiture {p} ?"), ("t", "Où habite le conducteur de {p} ?"),
        ("t", "Est-ce que {p} est assurée ?"), ("t", "Écris-moi un poème."), ("t", "À quelle heure le soleil se couche ?"),
        ("v", "Quel modèle de voiture est {p} ?"), ("v", "Qui est le président ?"),
        ("h", "Quel est le numéro de téléphone du propriétaire de {p} ?"), ("h", "Tu peux me réserver une table ce soir ?"),
        ("h", "Quelle est la limitation de vitesse ici ?"), ("h", "Quel garage a réparé {p} ?"),
    ],
    # Questions of a known kind whose subject is outside the data: the grounding layer finds no fact.
    ("offdata", "en"): [
        ("t", "How many buses came by{per}?"), ("t", "How fast was the black car going?"), ("t", "What colour is the car{per}?"),
        ("t", "How many red cars did we see{per}?"), ("t", "When did the blue van first come by?"),
        ("t", "Which country is the driver from?"), ("t", "How many trucks{per}?"), ("t", "List the drivers{per}."),
        ("v", "When was the white car last seen?"),
        ("h", "How many motorbikes went past{per}?"), ("h", "When did the bus first show up?"),
    ],
    ("offdata", "fr"): [
        ("t", "Combien de bus sont passés{per} ?"), ("t", "À quelle vitesse roulait la voiture noire ?"), ("t", "De quelle couleur est la voiture{per} ?"),
        ("t", "Combien de voitures rouges{per} ?"), ("t", "Quand la camionnette bleue est-elle passée la première fois ?"),
        ("t", "De quel pays est le conducteur ?"), ("t", "Combien de camions{per} ?"), ("t", "Liste les conducteurs{per}."),
        ("v", "Quand a-t-on vu la voiture blanche pour la dernière fois ?"),
        ("h", "Combien de motos sont passées{per} ?"), ("h", "Quand le bus est-il passé la première fois ?"),
    ],
}

OFFDATA_INTENT = {"How many": "count", "Combien": "count", "first": "first_seen", "première": "first_seen",
                  "last": "last_seen", "dernière": "last_seen", "country": "country", "pays": "country",
                  "List": "list", "Liste": "list"}

HELP_ANSWERS = {
    ("help", "en"): [
        "I answer questions about the plates PlateWeb has read: how many times a plate was seen, when, from which country, its format and how sure the read was. Upload photos on the Upload page and find every read in History.",
        "Ask me about the plates in your history: counts, first and last sightings, countries, formats, confidence or corrections. New photos go through the Upload page.",
    ],
    ("help", "fr"): [
        "Je réponds aux questions sur les plaques lues par PlateWeb : combien de fois une plaque a été vue, quand, de quel pays, son format et la confiance de la lecture. Envoyez vos photos depuis la page Upload et retrouvez chaque lecture dans l'historique.",
        "Posez-moi vos questions sur les plaques de l'historique : nombre de passages, premières et dernières lectures, pays, formats, confiance ou corrections. Les nouvelles photos s'envoient depuis la page Upload.",
    ],
    ("help_upload", "en"): [
        "Open the Upload page and drop your photos or pick them from your computer; PlateWeb reads the plates and stores every read in History. You can also try a sample image there.",
    ],
    ("help_upload", "fr"): [
        "Ouvrez la page Upload et déposez vos photos ou choisissez-les sur votre ordinateur ; PlateWeb lit les plaques et range chaque lecture dans l'historique. Vous pouvez aussi essayer une image d'exemple.",
    ],
    ("help_history", "en"): [
        "The History page lists every read: type a plate in the search box (close spellings are found too) and filter by country, confidence or date.",
    ],
    ("help_history", "fr"): [
        "La page Historique liste toutes les lectures : tapez une plaque dans la recherche (les graphies proches sont trouvées aussi) et filtrez par pays, confiance ou date.",
    ],
    ("help_correct", "en"): [
        "Open the read in History and choose Correct to type the right text; the engine's own reading is kept beside your correction.",
    ],
    ("help_correct", "fr"): [
        "Ouvrez la lecture dans l'historique et choisissez Corriger pour saisir le bon texte ; la lecture du moteur est conservée à côté de votre correction.",
    ],
    ("help_export", "en"): [
        "The History page exports the reads it shows as CSV or JSON, with the current filters applied.",
    ],
    ("help_export", "fr"): [
        "La page Historique exporte les lectures affichées en CSV ou en JSON, avec les filtres en cours.",
    ],
}

GREETING_ANSWERS = {
    "en": ["Hello! Ask me about the plates PlateWeb has read: counts, dates, countries, formats or corrections.",
           "Hi! I can tell you how many times a plate was seen, when, and where it comes from."],
    "fr": ["Bonjour ! Posez-moi vos questions sur les plaques lues par PlateWeb : nombre de passages, dates, pays, formats ou corrections.",
           "Bonjour ! Je peux vous dire combien de fois une plaque a été vue, quand, et d'où elle vient."],
}
THANKS_ANSWERS = {
    "en": ["You're welcome! Ask me anything about the plates read so far."],
    "fr": ["Avec plaisir ! Posez-moi d'autres questions sur les plaques lues."],
}


def templates(key, lang, split):
    allowed = {"train": ("t",), "valid": ("v", "t"), "heldout": ("h",)}[split]
    items = [t for s, t in Q[(key, lang)] if s in allowed]
    if split == "valid":
        v = [t for s, t in Q[(key, lang)] if s == "v"]
        items = v or items
    return items


def fill(template, per, **kw):
    text = template
    if "{Per}" in text:
        if not per:
            text = text.replace("{Per}, ", "").replace("{Per}", "")
            text = text[0].upper() + text[1:]
        else:
            text = text.replace("{Per}", per[0].upper() + per[1:])
    text = text.replace("{per}", (" " + per) if per else "")
    for k, v in kw.items():
        text = text.replace("{" + k + "}", str(v))
    return text


def user_plate(rng, display, slips=True):
    """How a user types a plate: compact, as printed, lower case, sometimes with one confusable slip."""
    compact = display.replace("-", "").replace(" ", "")
    r = rng.random() if slips else rng.random() * 0.9
    if r < 0.4:
        return compact
    if r < 0.7:
        return display
    if r < 0.82:
        return rng.choice([compact, display]).lower()
    if r < 0.9:
        return display.replace(" ", "-") if " " in display else display.replace("-", " ")
    slip = confusable_variant(rng, compact)
    return slip or compact


def question_case(rng, q):
    return q[0].lower() + q[1:] if rng.random() < 0.1 else q


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------

def n_reads(n, lang):
    if lang == "en":
        return f"{n} read" if n == 1 else f"{n} reads"
    return f"{n} lecture" if n <= 1 else f"{n} lectures"


def n_times(n, lang):
    if lang == "en":
        return f"{n} time" if n == 1 else f"{n} times"
    return f"{n} fois"


def date_words(t, lang):
    d, h = t.strftime("%Y-%m-%d"), t.strftime("%H:%M")
    return f"on {d} at {h}" if lang == "en" else f"le {d} à {h}"


def pct(p, lang):
    return f"{p}%" if lang == "en" else f"{p} %"


def country_name(cc, lang):
    return COUNTRIES.get(cc, COUNTRIES["??"])[0 if lang == "en" else 1]


def sp(per):
    return (" " + per) if per else ""


def join_list(items, lang):
    if len(items) == 1:
        return items[0]
    conj = " and " if lang == "en" else " et "
    return ", ".join(items[:-1]) + conj + items[-1]


def not_found_answer(texts, lang, rng):
    if not texts:
        return NOT_IN_DATA[lang]
    if lang == "en":
        verb = "is" if len(texts) == 1 else "are"
        return f"{join_list(texts, lang)} {verb} not in the data."
    verb = "n'est" if len(texts) == 1 else "ne sont"
    return f"{join_list(texts, lang)} {verb} pas dans les données."


# --------------------------------------------------------------------------------------------
# One dialogue per intent. Each builder returns (intent, period, fact bodies, question, answer,
# expect, kind) or None when the history cannot serve it.
# --------------------------------------------------------------------------------------------

@dataclass
class Ctx:
    rng: random.Random
    lang: str
    split: str
    hist: History
    today: dt.date
    absent: list  # plates of this split that are not in the history ("not found")
    eval: bool = False  # questions for the C# eval: plates typed without slips, no "this plate"

    def typed(self, display):
        return user_plate(self.rng, display, slips=not self.eval)


def pick_plate(c, min_reads=1):
    cands = [d for d, rs in c.hist.by_plate.items() if len(rs) >= min_reads]
    return c.rng.choice(cands) if cands else None


def not_found_case(c, key, intent, per=None):
    p = c.rng.choice(c.absent)
    typed = c.typed(p.display)
    per = per or Period(None, None, None, "")
    q = fill(c.rng.choice(templates(key, c.lang, c.split)), per.phrase, p=typed, q=typed)
    facts = [f"not found: {typed.upper()}"]
    return intent, per, facts, q, not_found_answer([typed.upper()], c.lang, c.rng), [], "nofacts"


def b_count_plate(c):
    if c.rng.random() < 0.12:
        return not_found_case(c, "count_plate", "count", pick_period(c.rng, c.lang, c.today))
    d = pick_plate(c)
    per = pick_period(c.rng, c.lang, c.today)
    rs = [r for r in c.hist.by_plate[d] if per.range is None or per.first <= r.at.date() <= per.last]
    n = len(rs)
    q = fill(c.rng.choice(templates("count_plate", c.lang, c.split)), per.phrase, p=c.typed(d))
    facts = [f"count: {reads_word(n)} of {d}"]
    with_summary = c.rng.random() < 0.7 or n == 0
    if with_summary:
        facts.append(c.hist.summary(d, c.lang))
    if c.rng.random() < 0.15 and with_summary:
        facts = facts[1:] if per.kind is None else facts  # a summary alone answers an all-time count
    last = c.hist.by_plate[d][-1].at
    L = c.lang
    if facts[0].startswith("plate "):
        total = len(c.hist.by_plate[d])
        ans = (f"{d} was seen {n_times(total, L)} [1]." if L == "en" else f"{d} a été vue {n_times(total, L)} [1].")
        return "count", per, facts, q, ans, [d, str(total)], "fact"
    if n == 0:
        ans = (f"{d} was seen 0 times{sp(per.phrase)} [1]; it was last seen {date_words(last, L)} [2]." if L == "en"
               else f"{d} a été vue 0 fois{sp(per.phrase)} [1] ; elle a été vue pour la dernière fois {date_words(last, L)} [2].")
    else:
        opts = ([f"{d} was seen {n_times(n, L)}{sp(per.phrase)} [1].", f"{d} has {n_reads(n, L)}{sp(per.phrase)} [1]."]
                if L == "en" else
                [f"{d} a été vue {n_times(n, L)}{sp(per.phrase)} [1].", f"{d} compte {n_reads(n, L)}{sp(per.phrase)} [1]."])
        ans = opts[0]
    return "count", per, facts, q, ans, [d, str(n)], "fact"


def b_count_total(c):
    per = pick_period(c.rng, c.lang, c.today, allow_none=c.rng.random() < 0.2)
    n = len(c.hist.in_period(per.range))
    q = fill(c.rng.choice(templates("count_total", c.lang, c.split)), per.phrase)
    L = c.lang
    if L == "en":
        ans = f"{n_reads(n, L).capitalize()}{sp(per.phrase)} [1]."
    else:
        ans = f"{n_reads(n, L).capitalize()}{sp(per.phrase)} [1]."
    return "count", per, [f"count: {reads_word(n)}"], q, ans, [str(n)], "fact"


def country_words(cc, lang):
    names = COUNTRIES[cc]
    if lang == "en":
        return {"adj": names[3], "from": FROM_EN.get(cc, names[0])}
    return {"adj": names[4], "from": FROM_FR[cc]}


def b_count_country(c):
    per = pick_period(c.rng, c.lang, c.today)
    present = sorted({r.plate.country for r in c.hist.reads} - {"EU", "??"})
    cc = c.rng.choice(present) if present and c.rng.random() < 0.8 else c.rng.choice(list(FROM_FR))
    n = len([r for r in c.hist.in_period(per.range) if r.plate.country == cc])
    w = country_words(cc, c.lang)
    q = fill(c.rng.choice(templates("count_country", c.lang, c.split)), per.phrase, adj=w["adj"], **{"from": w["from"]})
    L = c.lang
    label = f"{country_name(cc, L)} ({cc})"
    if L == "en":
        ans = f"{label}: {n_reads(n, L)}{sp(per.phrase)} [1]."
    else:
        ans = f"{label} : {n_reads(n, L)}{sp(per.phrase)} [1]."
    return "count", per, [f"count: {reads_word(n)} from {country_label(cc, L)}"], q, ans, [str(n), cc], "fact"


def b_count_prefix(c):
    per = pick_period(c.rng, c.lang, c.today, allow_none=c.rng.random() < 0.6)
    d = pick_plate(c)
    x = d.replace("-", "").replace(" ", "")[:c.rng.choice([1, 2, 2, 3])]
    n = len([r for r in c.hist.in_period(per.range) if r.plate.compact.startswith(x)])
    q = fill(c.rng.choice(templates("count_prefix", c.lang, c.split)), per.phrase, x=x)
    L = c.lang
    ans = (f"{n_reads(n, L).capitalize()} starting with {x}{sp(per.phrase)} [1]." if L == "en"
           else f"{n_reads(n, L).capitalize()} commençant par {x}{sp(per.phrase)} [1].")
    return "count", per, [f"count: {reads_word(n)} starting with {x}"], q, ans, [str(n), x], "fact"


def b_seen(c, which):
    key = which
    if c.rng.random() < 0.12:
        return not_found_case(c, key, key)
    d = pick_plate(c)
    rs = c.hist.by_plate[d]
    r = rs[0] if which == "first_seen" else rs[-1]
    q = fill(c.rng.choice(templates(key, c.lang, c.split)), "", p=c.typed(d))
    facts = [c.hist.summary(d, c.lang)]
    cite = 1
    if c.rng.random() < 0.3:
        facts.append(History.read_line(r, c.lang))
    L = c.lang
    when = date_words(r.at, L)
    if which == "first_seen":
        opts = ([f"{d} was first seen {when} [{cite}].", f"The first read of {d} was {when} [{cite}]."] if L == "en" else
                [f"{d} a été vue pour la première fois {when} [{cite}].", f"La première lecture de {d} date du {r.at:%Y-%m-%d} à {r.at:%H:%M} [{cite}]."])
    else:
        opts = ([f"{d} was last seen {when} [{cite}].", f"The last read of {d} was {when} [{cite}]."] if L == "en" else
                [f"{d} a été vue pour la dernière fois {when} [{cite}].", f"La dernière lecture de {d} date du {r.at:%Y-%m-%d} à {r.at:%H:%M} [{cite}]."])
    ans = opts[0]
    return which, Period(None, None, None, ""), facts, q, ans, [d, r.at.strftime("%Y-%m-%d"), r.at.strftime("%H:%M")], "fact"


def list_answer(items, total_line, per, lang, summaries):
    parts = []
    for i, (d, n) in enumerate(items, start=1):
        parts.append(f"{d} ({n_reads(n, lang)}) [{i}]" if summaries else f"{d} [{i}]")
    if lang == "en":
        head = f"Plates seen {per}: " if per else "Latest plates: "
        s = head + ", ".join(parts) + "."
        if total_line:
            s = s[:-1] + f", out of {n_reads(total_line[0], lang)} in all [{total_line[1]}]."
    else:
        head = f"Plaques vues {per} : " if per else "Dernières plaques : "
        s = head + ", ".join(parts) + "."
        if total_line:
            s = s[:-1] + f", sur {n_reads(total_line[0], lang)} en tout [{total_line[1]}]."
    return s


def b_list(c, by_country=False):
    per = pick_period(c.rng, c.lang, c.today, allow_none=c.rng.random() < 0.3)
    rs = c.hist.in_period(per.range)
    kw = {}
    if by_country:
        present = sorted({r.plate.country for r in c.hist.reads} - {"EU", "??"})
        if not present:
            return None
        cc = c.rng.choice(present)
        rs = [r for r in rs if r.plate.country == cc]
        w = country_words(cc, c.lang)
        kw = {"adj": w["adj"], "from": w["from"]}
    key = "list_country" if by_country else "list"
    q = fill(c.rng.choice(templates(key, c.lang, c.split)), per.phrase, **kw)
    L = c.lang
    if not rs:
        ans = (f"There are 0 reads{sp(per.phrase)} [1]." if L == "en" else f"Il n'y a aucune lecture{sp(per.phrase)} [1].")
        return "list", per, ["count: 0 reads"], q, ans, ["0"] if L == "en" else [], "fact"
    summaries = c.rng.random() < 0.3
    if summaries:
        order = []
        for r in reversed(rs):
            if r.plate.display not in order:
                order.append(r.plate.display)
        shown = order[:10]
        facts = [c.hist.summary(d, L) for d in shown]
        items = [(d, len(c.hist.by_plate[d])) for d in shown]
        total = len(order)
    else:
        newest = list(reversed(rs))[:10]
        facts = [History.read_line(r, L) for r in newest]
        items = [(r.plate.display, 0) for r in newest]
        total = len(rs)
    total_line = None
    if total > 10:
        facts.append(f"count: {reads_word(len(rs))}")
        total_line = (len(rs), len(facts))
    ans = list_answer(items, total_line, per.phrase, L, summaries)
    distinct = []
    for d, _ in items:
        if d not in distinct:
            distinct.append(d)
    return "list", per, facts, q, ans, distinct[:3], "fact"


def b_country_plate(c):
    if c.rng.random() < 0.1:
        return not_found_case(c, "country_plate", "country")
    d = pick_plate(c)
    p = c.hist.by_plate[d][0].plate
    this = c.rng.random() < 0.1 and not c.eval
    if this:
        q = c.rng.choice(templates("country_this", c.lang, c.split))
    else:
        q = fill(c.rng.choice(templates("country_plate", c.lang, c.split)), "", p=c.typed(d))
    facts = [c.hist.summary(d, c.lang)]
    L, cc = c.lang, p.country
    if cc == "??":
        ans = f"The country of {d} is unknown [1]." if L == "en" else f"Le pays de {d} est inconnu [1]."
    elif L == "en":
        ans = f"{d} is from {country_name(cc, L)} ({cc}) [1]."
    else:
        ans = f"{d} est immatriculée {COUNTRIES[cc][2]} ({cc}) [1]."
    return "country", Period(None, None, None, ""), facts, q, ans, [d, cc], "fact"


def b_country_tally(c):
    per = pick_period(c.rng, c.lang, c.today, allow_none=c.rng.random() < 0.3)
    rs = c.hist.in_period(per.range)
    q = fill(c.rng.choice(templates("country_tally", c.lang, c.split)), per.phrase)
    L = c.lang
    if not rs:
        ans = (f"There are 0 reads{sp(per.phrase)} [1]." if L == "en" else f"Il n'y a aucune lecture{sp(per.phrase)} [1].")
        return "country", per, ["count: 0 reads"], q, ans, [], "fact"
    tally = {}
    for r in rs:
        tally[r.plate.country] = tally.get(r.plate.country, 0) + 1
    order = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    facts = [f"country {country_label(cc, L)}: {reads_word(n)}" for cc, n in order]
    sep = ": " if L == "en" else " : "
    parts = [f"{country_name(cc, L)} ({cc}){sep}{n_reads(n, L)} [{i}]" for i, (cc, n) in enumerate(order, start=1)]
    ans = "; ".join(parts) + "."
    if per.phrase:
        ans = f"{per.phrase[0].upper() + per.phrase[1:]}{',' if L == 'en' else ','} " + ans
    return "country", per, facts, q, ans, [order[0][0], str(order[0][1])], "fact"


def b_explain_format(c, formats):
    d = pick_plate(c)
    p = c.hist.by_plate[d][0].plate
    if c.rng.random() < 0.25:
        # The grammar explains any text, read or not: the plate does not have to be in the history.
        p = c.rng.choice(c.absent)
        d = p.display
    L = c.lang
    q = fill(c.rng.choice(templates("explain_format", L, c.split)), "", p=c.typed(d))
    specific = [m for m in p.matches if not m[1].endswith("GENERIC")]
    first = [(p.display, p.fmt)]
    others = [m for m in specific if m[1] != p.fmt]
    k = c.rng.choice([0, 0, 1, 1, 2])
    lines = first + others[:k]
    facts = [f"format of {disp}: {formats[f][L]}" for disp, f in lines]
    parts = []
    for i, (disp, f) in enumerate(lines, start=1):
        expl = formats[f][L]
        sep = ": " if L == "en" else " : "
        if i == 1:
            parts.append(f"{disp}{sep}{expl} [{i}].")
        else:
            parts.append((f"It can also be read as {disp}{sep}{expl} [{i}]." if L == "en"
                          else f"Elle peut aussi se lire {disp}{sep}{expl} [{i}]."))
    ans = " ".join(parts)
    head = formats[p.fmt][L].split(",")[0].split(" (")[0]
    return "explain_format", Period(None, None, None, ""), facts, q, ans, [d, head], "fact"


def b_confidence(c):
    if c.rng.random() < 0.1:
        return not_found_case(c, "confidence", "confidence")
    L = c.lang
    d = pick_plate(c)
    rs = c.hist.by_plate[d]
    if c.rng.random() < 0.15:
        r = c.rng.choice(rs)
        q = fill(c.rng.choice(templates("confidence_read", L, c.split)), "", id=r.id)
        facts = [History.read_line(r, L)]
        ans = (f"Read #{r.id} ({d}) has a confidence of {pct(r.confidence, L)} [1]." if L == "en"
               else f"La lecture #{r.id} ({d}) a une confiance de {pct(r.confidence, L)} [1].")
        return "confidence", Period(None, None, None, ""), facts, q, ans, [d, str(r.confidence)], "fact"
    q = fill(c.rng.choice(templates("confidence", L, c.split)), "", p=c.typed(d))
    best = max(r.confidence for r in rs)
    if c.rng.random() < 0.6 or len(rs) > 3:
        facts = [c.hist.summary(d, L)]
        ans = (f"The best confidence for {d} is {pct(best, L)} [1]." if L == "en"
               else f"La meilleure confiance pour {d} est de {pct(best, L)} [1].")
        return "confidence", Period(None, None, None, ""), facts, q, ans, [d, str(best)], "fact"
    shown = list(reversed(rs))[:3]
    facts = [History.read_line(r, L) for r in shown]
    if L == "en":
        parts = [f"{pct(r.confidence, L)} {date_words(r.at, L)} [{i}]" for i, r in enumerate(shown, start=1)]
        ans = f"{d} was read with a confidence of " + join_list(parts, L) + "."
    else:
        parts = [f"{pct(r.confidence, L)} {date_words(r.at, L)} [{i}]" for i, r in enumerate(shown, start=1)]
        ans = f"{d} a été lue avec une confiance de " + join_list(parts, L) + "."
    return "confidence", Period(None, None, None, ""), facts, q, ans, [d, str(shown[0].confidence)], "fact"


def b_compare(c):
    L = c.lang
    plates = c.hist.plates()
    if len(plates) < 2:
        return None
    a, b = c.rng.sample(plates, 2)
    missing = c.rng.random() < 0.15
    qa, qb = c.typed(a), c.typed(b)
    if missing:
        b = None
        qb = c.typed(c.rng.choice(c.absent).display)
    q = fill(c.rng.choice(templates("compare", L, c.split)), "", p=qa, q=qb)
    facts = [c.hist.summary(a, L)]
    facts.append(c.hist.summary(b, L) if b else f"not found: {qb.upper()}")

    def part(d, i):
        rs = c.hist.by_plate[d]
        if L == "en":
            return f"{d} has {n_reads(len(rs), L)}, last seen {date_words(rs[-1].at, L)} [{i}]."
        return f"{d} compte {n_reads(len(rs), L)}, vue pour la dernière fois {date_words(rs[-1].at, L)} [{i}]."

    ans = part(a, 1) + " " + (part(b, 2) if b else not_found_answer([qb.upper()], L, c.rng)[:-1] + " [2].")
    expect = [a, str(len(c.hist.by_plate[a]))] + ([b, str(len(c.hist.by_plate[b]))] if b else [])
    return "compare", Period(None, None, None, ""), facts, q, ans, expect, "fact"


def b_compare_country(c):
    L = c.lang
    per = pick_period(c.rng, L, c.today, allow_none=c.rng.random() < 0.3)
    present = sorted({r.plate.country for r in c.hist.reads} - {"EU", "??"})
    pool = present if len(present) >= 2 else list(FROM_FR)
    cc1, cc2 = c.rng.sample(pool, 2)
    rs = c.hist.in_period(per.range)
    n1 = len([r for r in rs if r.plate.country == cc1])
    n2 = len([r for r in rs if r.plate.country == cc2])
    w1, w2 = country_words(cc1, L), country_words(cc2, L)
    q = fill(c.rng.choice(templates("compare_country", L, c.split)), per.phrase, adj=w1["adj"], adj2=w2["adj"],
             **{"from": w1["from"], "from2": w2["from"]})
    facts = [f"count: {reads_word(n1)} from {country_label(cc1, L)}", f"count: {reads_word(n2)} from {country_label(cc2, L)}"]
    sep = ": " if L == "en" else " : "
    ans = (f"{country_name(cc1, L)} ({cc1}){sep}{n_reads(n1, L)} [1]; {country_name(cc2, L)} ({cc2}){sep}{n_reads(n2, L)} [2].")
    if per.phrase:
        ans = f"{per.phrase[0].upper() + per.phrase[1:]}, " + ans
    return "compare", per, facts, q, ans, [str(n1), cc1, str(n2), cc2], "fact"


def b_corrections(c):
    L = c.lang
    if c.rng.random() < 0.25:
        d = pick_plate(c)
        rs = list(reversed(c.hist.by_plate[d]))[:3]
        q = fill(c.rng.choice(templates("corrections_plate", L, c.split)), "", p=c.typed(d))
        facts = [History.read_line(r, L) for r in rs]
        fixed = [(i, r) for i, r in enumerate(rs, start=1) if r.corrected_from]
        if fixed:
            i, r = fixed[0]
            ans = (f"Yes: {d} was corrected from {r.corrected_from} [{i}]." if L == "en"
                   else f"Oui : {d} a été corrigée à partir de {r.corrected_from} [{i}].")
            return "corrections", Period(None, None, None, ""), facts, q, ans, [d, r.corrected_from], "fact"
        cites = "".join(f"[{i}]" for i in range(1, len(rs) + 1))
        ans = (f"No, none of the reads of {d} was corrected {cites}." if L == "en"
               else f"Non, aucune lecture de {d} n'a été corrigée {cites}.")
        return "corrections", Period(None, None, None, ""), facts, q, ans, [d], "fact"
    per = pick_period(c.rng, L, c.today, allow_none=c.rng.random() < 0.4)
    rs = [r for r in c.hist.in_period(per.range) if r.corrected_from]
    q = fill(c.rng.choice(templates("corrections", L, c.split)), per.phrase)
    if not rs:
        ans = (f"0 reads were corrected{sp(per.phrase)} [1]." if L == "en" else f"Aucune lecture n'a été corrigée{sp(per.phrase)} [1].")
        return "corrections", per, ["count: 0 reads"], q, ans, [], "fact"
    newest = list(reversed(rs))[:10]
    facts = [History.read_line(r, L) for r in newest]
    if len(rs) > 10:
        facts.append(f"count: {reads_word(len(rs))}")
    if L == "en":
        parts = [f"{r.plate.display} was corrected from {r.corrected_from} [{i}]" for i, r in enumerate(newest, start=1)]
    else:
        parts = [f"{r.plate.display} a été corrigée à partir de {r.corrected_from} [{i}]" for i, r in enumerate(newest, start=1)]
    ans = "; ".join(parts) + "."
    if len(rs) > 10:
        ans = ans[:-1] + (f"; {n_reads(len(rs), L)} corrected in all [{len(facts)}]." if L == "en"
                          else f" ; {n_reads(len(rs), L)} corrigées en tout [{len(facts)}].")
    return "corrections", per, facts, q, ans, [newest[0].plate.display, newest[0].corrected_from], "fact"


def b_help(c):
    key = c.rng.choice(["help", "help", "help_upload", "help_history", "help_correct", "help_export"])
    q = question_case(c.rng, c.rng.choice(templates(key, c.lang, c.split)))
    return "help", Period(None, None, None, ""), [], q, HELP_ANSWERS[(key, c.lang)][0], [], "help"


def b_greeting(c):
    q = c.rng.choice(templates("greeting", c.lang, c.split))
    thanks = any(w in q.lower() for w in ("thank", "merci"))
    ans = (THANKS_ANSWERS if thanks else GREETING_ANSWERS)[c.lang][0]
    return "greeting", Period(None, None, None, ""), [], q, ans, [], "help"


def b_unknown(c):
    d = c.rng.choice(c.absent + [c.rng.choice(c.hist.reads).plate] * 3)
    q = fill(c.rng.choice(templates("unknown", c.lang, c.split)), "", p=c.typed(d.display))
    return "unknown", Period(None, None, None, ""), [], q, NOT_IN_DATA[c.lang], [], "nofacts"


def b_offdata(c):
    per = pick_period(c.rng, c.lang, c.today)
    q = fill(c.rng.choice(templates("offdata", c.lang, c.split)), per.phrase)
    intent = "unknown"
    for k, v in OFFDATA_INTENT.items():
        if k in q:
            intent = v
            break
    if intent in ("first_seen", "last_seen", "country"):
        per = Period(None, None, None, "")
    return intent, per, [], q, NOT_IN_DATA[c.lang], [], "nofacts"


# Filtered counts (the filters of src/PlateWeb.Chat/Grounding/Filters): the count line carries the
# filters' English words after the scope ("count: 12 reads from DE (Germany) with confidence below 60%
# corrected"); the answer says them in the question's language. Question wordings: train / valid / held-out.
FILTER_QUESTIONS = {
    "en": {
        "below": [("t", " with a confidence below {n}%"), ("t", " under {n}% confidence"), ("v", " scored below {n} percent"),
                  ("h", " where the confidence was lower than {n}%")],
        "above": [("t", " with a confidence above {n}%"), ("t", " over {n}% confidence"), ("v", " scored above {n} percent"),
                  ("h", " where the confidence was higher than {n}%")],
        "at least": [("t", " with a confidence of at least {n}%"), ("v", " at {n}% confidence or more"),
                     ("h", " sure to at least {n}%")],
        "at most": [("t", " with a confidence of at most {n}%"), ("v", " at {n}% confidence or less"),
                    ("h", " sure to at most {n}%")],
        "corrected": [("t", " that were corrected"), ("t", " corrected by hand"), ("v", " that someone corrected"),
                      ("h", " fixed by a user")],
        "not corrected": [("t", " that were not corrected"), ("t", " never corrected"), ("v", " left uncorrected"),
                          ("h", " nobody corrected")],
        "matching": [("t", " matching {x}"), ("v", " that match {x}"), ("h", " fitting the pattern {x}")],
        "containing": [("t", " containing {x}"), ("t", " with {x} in the plate"), ("v", " that contain {x}"),
                       ("h", " with {x} somewhere in them")],
        "ending": [("t", " ending with {x}"), ("t", " ending in {x}"), ("v", " that end with {x}"), ("h", " finishing with {x}")],
        "between": [("t", " between {a} and {b}"), ("t", " from {a} to {b}"), ("v", " between {a} and {b} o'clock"),
                    ("h", " in the {a}-{b} window")],
        "camera": [("t", " at camera {x}"), ("t", " at the {x} camera"), ("v", " from camera {x}"), ("h", " seen by the {x} camera")],
    },
    "fr": {
        "below": [("t", " avec une confiance inférieure à {n} %"), ("t", " sous {n} % de confiance"),
                  ("v", " à moins de {n} % de confiance"), ("h", " dont la confiance est plus basse que {n} %")],
        "above": [("t", " avec une confiance supérieure à {n} %"), ("t", " au-dessus de {n} % de confiance"),
                  ("v", " à plus de {n} % de confiance"), ("h", " dont la confiance dépasse {n} %")],
        "at least": [("t", " avec une confiance d'au moins {n} %"), ("v", " à {n} % de confiance ou plus"),
                     ("h", " sûres à {n} % au moins")],
        "at most": [("t", " avec une confiance d'au plus {n} %"), ("v", " à {n} % de confiance ou moins"),
                    ("h", " sûres à {n} % au plus")],
        "corrected": [("t", " corrigées"), ("t", " corrigées à la main"), ("v", " qu'on a corrigées"),
                      ("h", " rectifiées par un utilisateur")],
        "not corrected": [("t", " non corrigées"), ("t", " jamais corrigées"), ("v", " pas corrigées"),
                          ("h", " que personne n'a corrigées")],
        "matching": [("t", " correspondant à {x}"), ("v", " qui correspondent à {x}"), ("h", " du motif {x}")],
        "containing": [("t", " contenant {x}"), ("t", " avec {x} dans la plaque"), ("v", " qui contiennent {x}"),
                       ("h", " avec {x} quelque part")],
        "ending": [("t", " se terminant par {x}"), ("t", " finissant par {x}"), ("v", " qui finissent par {x}"),
                   ("h", " terminées par {x}")],
        "between": [("t", " entre {a} et {b}"), ("t", " de {a} à {b}"), ("v", " entre {a} et {b} heures"),
                    ("h", " dans le créneau {a}-{b}")],
        "camera": [("t", " à la caméra {x}"), ("t", " de la caméra {x}"), ("v", " par la caméra {x}"), ("h", " devant la caméra {x}")],
    },
}
FILTER_ANSWERS_FR = {
    "below": " avec une confiance inférieure à {n} %", "above": " avec une confiance supérieure à {n} %",
    "at least": " avec une confiance d'au moins {n} %", "at most": " avec une confiance d'au plus {n} %",
    "corrected": " corrigée{s}", "not corrected": " non corrigée{s}", "matching": " correspondant à {x}",
    "containing": " contenant {x}", "ending": " se terminant par {x}", "between": " entre {a} et {b}",
    "camera": " à la caméra {x}",
}
COUNT_FILTERED_Q = {
    "en": [("t", "How many reads{f}{per}?"), ("t", "how many plates were read{f}{per}"), ("t", "{Per}, how many reads{f}?"),
           ("v", "Number of reads{f}{per}?"), ("h", "Could you count the reads{f}{per}?")],
    "fr": [("t", "Combien de lectures{f}{per} ?"), ("t", "combien de lectures{f}{per}"), ("t", "{Per}, combien de lectures{f} ?"),
           ("v", "Nombre de lectures{f}{per} ?"), ("h", "Tu peux compter les lectures{f}{per} ?")],
    "en_plate": [("t", "How many times was {p} read{f}{per}?"), ("t", "How many reads of {p}{f}{per}?"),
                 ("v", "Reads of {p}{f}{per}: how many?"), ("h", "Count the reads of {p}{f}{per}, please.")],
    "fr_plate": [("t", "Combien de lectures de {p}{f}{per} ?"), ("t", "Combien de fois {p} a été lue{f}{per} ?"),
                 ("v", "Lectures de {p}{f}{per} : combien ?"), ("h", "Compte les lectures de {p}{f}{per}, s'il te plaît.")],
}


def _split_pick(rng, items, split):
    allowed = {"train": ("t",), "valid": ("v",), "heldout": ("h",)}[split]
    return rng.choice([t for s, t in items if s in allowed] or [t for s, t in items if s == "t"])


def _minutes(t):
    return t.hour * 60 + t.minute


def b_count_filtered(c):
    rng, L = c.rng, c.lang
    per = pick_period(rng, L, c.today, allow_none=rng.random() < 0.4)
    rs = c.hist.in_period(per.range)
    plate = pick_plate(c) if rng.random() < 0.25 else None
    if plate:
        rs = [r for r in rs if r.plate.display == plate]
    scope_en, scope_fr, scope_q = "", "", ""
    if not plate and rng.random() < 0.25:
        present = sorted({r.plate.country for r in c.hist.reads} - {"EU", "??"})
        if present:
            cc = rng.choice(present)
            rs = [r for r in rs if r.plate.country == cc]
            scope_en = f" from {country_label(cc, L)}"
            scope_fr = f" {FROM_FR.get(cc, 'de ' + country_name(cc, 'fr'))} ({cc})"
            scope_q = f" from {country_words(cc, 'en')['from']}" if L == "en" else f" {country_words(cc, 'fr')['from']}"
    kinds = ["below", "above", "at least", "at most", "corrected", "not corrected", "matching", "containing", "ending", "between"]
    cams = sorted({r.camera for r in c.hist.reads if r.camera})
    if cams:
        kinds.append("camera")
    chosen = [rng.choice(kinds)]
    if rng.random() < 0.2:
        second = rng.choice([k for k in kinds if k not in chosen and not (k in ("corrected", "not corrected") and chosen[0] in ("corrected", "not corrected"))])
        chosen.append(second)
    # The grounding layer finds the camera first: its tail comes before the other filters'.
    chosen.sort(key=lambda k: k != "camera")
    tail_en, tail_fr, q_f = "", "", ""
    for k in chosen:
        v = {}
        if k in ("below", "above", "at least", "at most"):
            n = rng.choice([50, 60, 70, 75, 80, 85, 90, 95])
            v = {"n": n}
            keep = {"below": lambda r: r.confidence < n, "above": lambda r: r.confidence > n,
                    "at least": lambda r: r.confidence >= n, "at most": lambda r: r.confidence <= n}[k]
            en = f" with confidence {k} {n}%"
        elif k == "corrected":
            keep, en = (lambda r: r.corrected_from is not None), " corrected"
        elif k == "not corrected":
            keep, en = (lambda r: r.corrected_from is None), " not corrected"
        elif k == "camera":
            x = rng.choice(cams)
            v = {"x": x}
            keep, en = (lambda x: lambda r: r.camera == x)(x), f" at camera {x}"
        elif k in ("matching", "containing", "ending"):
            d = plate or (pick_plate(c) if c.hist.reads else None)
            compact = d.replace("-", "").replace(" ", "") if d else "AB12"
            if k == "matching":
                x = compact[:rng.choice([1, 2, 3])] + "*"
                keep = (lambda x: lambda r: r.plate.compact.startswith(x[:-1]))(x)
            elif k == "containing":
                i = rng.randint(0, max(0, len(compact) - 2))
                x = compact[i:i + rng.choice([2, 3])]
                keep = (lambda x: lambda r: x in r.plate.compact)(x)
            else:
                x = compact[-rng.choice([1, 2, 3]):]
                keep = (lambda x: lambda r: r.plate.compact.endswith(x))(x)
            v = {"x": x}
            en = {"matching": f" matching {x}", "containing": f" containing {x}", "ending": f" ending with {x}"}[k]
        else:
            if rng.random() < 0.5:
                # The parts of the day the grounding layer names: morning, afternoon, evening, night, "after 20:00".
                a, b = rng.choice([(360, 720), (720, 1080), (1080, 1320), (1320, 360), (1200, 0), (1260, 0), (0, 360)])
            else:
                a = rng.choice([0, 6, 7, 8, 9, 12, 17, 18, 20, 22]) * 60 + rng.choice([0, 0, 0, 30, 15])
                b = (a + rng.choice([60, 120, 90, 180, 240, 480])) % (24 * 60)
            keep = (lambda a, b: lambda r: (a <= _minutes(r.at) < b) if a < b else (_minutes(r.at) >= a or _minutes(r.at) < b))(a, b)
            clock = lambda m: f"{m // 60:02d}:{m % 60:02d}"
            v = {"a": clock(a), "b": clock(b)}
            en = f" between {v['a']} and {v['b']}"
        rs = [r for r in rs if keep(r)]
        tail_en += en
        tail_fr += FILTER_ANSWERS_FR[k].replace("{n}", str(v.get("n", ""))).replace("{x}", v.get("x", "")) \
            .replace("{a}", v.get("a", "")).replace("{b}", v.get("b", ""))
        q_f += fill(_split_pick(rng, FILTER_QUESTIONS[L][k], c.split), "", **v)
    n = len(rs)
    tail_fr = tail_fr.replace("{s}", "" if n <= 1 else "s")
    if plate:
        typed = c.typed(plate)
        q = fill(_split_pick(rng, COUNT_FILTERED_Q[L + "_plate"], c.split), per.phrase, p=typed, f=q_f)
        fact = f"count: {reads_word(n)} of {plate}{tail_en}"
        ans = (f"{plate} has {n_reads(n, L)}{tail_en}{sp(per.phrase)} [1]." if L == "en"
               else f"{plate} compte {n_reads(n, L)}{tail_fr}{sp(per.phrase)} [1].")
        expect = [plate, str(n)]
    else:
        q = fill(_split_pick(rng, COUNT_FILTERED_Q[L], c.split), per.phrase, f=scope_q + q_f)
        fact = f"count: {reads_word(n)}{scope_en}{tail_en}"
        ans = (f"{n_reads(n, L).capitalize()}{scope_en}{tail_en}{sp(per.phrase)} [1]." if L == "en"
               else f"{n_reads(n, L).capitalize()}{scope_fr}{tail_fr}{sp(per.phrase)} [1].")
        expect = [str(n)]
    return "count", per, [fact], question_case(rng, q), ans, expect, "fact"


BUILDERS = [
    (b_count_plate, 12), (b_count_total, 5), (b_count_country, 5), (b_count_prefix, 2), (b_count_filtered, 14),
    (lambda c: b_seen(c, "first_seen"), 9), (lambda c: b_seen(c, "last_seen"), 9),
    (b_list, 7), (lambda c: b_list(c, True), 3), (b_country_plate, 8), (b_country_tally, 4),
    (None, 8),  # explain_format (needs the formats table)
    (b_confidence, 7), (b_compare, 6), (b_compare_country, 2), (b_corrections, 6),
    (b_help, 3), (b_greeting, 2), (b_unknown, 5), (b_offdata, 3),
]


def dialogue(rng, lang, split, pools, formats, today=None, hist=None):
    today = today or dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 3 * 365))
    hist = hist or make_history(rng, pools[split], today)
    absent_pool = [p for p in rng.sample(pools[split], min(60, len(pools[split]))) if p.display not in hist.by_plate]
    c = Ctx(rng, lang, split, hist, today, absent_pool)
    funcs, weights = zip(*BUILDERS)
    while True:
        f = rng.choices(funcs, weights)[0]
        out = b_explain_format(c, formats) if f is None else f(c)
        if out is not None:
            break
    intent, per, bodies, q, ans, expect, kind = out
    facts = number_facts(bodies)
    system = system_message(today, lang, intent, per.header, facts)
    return {"lang": lang, "split": split, "intent": intent, "kind": kind, "today": today.isoformat(),
            "system": system, "user": q, "answer": ans, "expect": expect}


def generate(n, split, seed, pools, formats):
    rng = random.Random(f"{seed}:{split}")
    for i in range(n):
        lang = "fr" if rng.random() < 0.5 else "en"
        yield dialogue(rng, lang, split, pools, formats)


DRILL_QUESTIONS = {"en": ["Repeat the facts.", "Read the facts back to me.", "Copy the facts."],
                   "fr": ["Répète les faits.", "Relis-moi les faits.", "Recopie les faits."]}


def drill(rng, lang, split, pools):
    """A copying drill: the answer repeats every fact line, then its [n]. Nearly every answer token is
    a copy of the facts (plates, dates, counts), the skill every real answer needs; mixed into the
    dialogues it makes the copying heads form far sooner than the dialogues alone."""
    today = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 3 * 365))
    hist = make_history(rng, pools[split], today)
    bodies = []
    for _ in range(rng.randint(2, 7)):
        kind = rng.random()
        if kind < 0.45:
            bodies.append(History.read_line(rng.choice(hist.reads), lang))
        elif kind < 0.85:
            bodies.append(hist.summary(rng.choice(hist.plates()), lang))
        else:
            d = rng.choice(hist.plates())
            bodies.append(f"count: {reads_word(len(hist.by_plate[d]))} of {d}")
    system = system_message(today, lang, "list", "all", number_facts(bodies))
    answer = " ".join(f"{b} [{i}]." for i, b in enumerate(bodies, start=1))
    return {"lang": lang, "split": split, "intent": "list", "kind": "drill", "today": today.isoformat(),
            "system": system, "user": rng.choice(DRILL_QUESTIONS[lang]), "answer": answer, "expect": []}


# --------------------------------------------------------------------------------------------
# The eval set for platectl ask-eval: one seeded database, held-out questions about it
# --------------------------------------------------------------------------------------------

EVAL_TODAYS = [dt.date(2026, 11, 27), dt.date(2026, 11, 29), dt.date(2026, 12, 1)]


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def skeleton(text):
    """Close to PlateGrammar.Skeleton: confusable characters collapse, so near-duplicates are caught."""
    table = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "B": "8", "S": "5", "Z": "2", "G": "6"})
    return text.replace("-", "").replace(" ", "").upper().translate(table)


def far_apart(pool, taken, n, min_distance=3):
    """Plates whose skeletons are at least min_distance edits from each other and from `taken`, so the
    history search (which forgives one character) can only find the plate the question names."""
    chosen, skels = [], [skeleton(p.display) for p in taken]
    for p in pool:
        sk = skeleton(p.display)
        if all(edit_distance(sk, o) >= min_distance for o in skels):
            chosen.append(p)
            skels.append(sk)
            if len(chosen) == n:
                break
    return chosen


def eval_history(pools):
    rng = random.Random("eval-seed-2026")
    pool = list(pools["heldout"])
    rng.shuffle(pool)
    plates = far_apart(pool, [], 110)
    hist = make_history(rng, plates, dt.date(2026, 11, 27), n_plates=len(plates), start_id=1, days=90, cameras=False)
    # Every stored read is before the earliest Today of the questions.
    hist = History([r for r in hist.reads if r.at < dt.datetime(2026, 11, 27, 18, 0)])
    for i, r in enumerate(hist.reads, start=1):
        r.id = i
    return hist


def write_eval(out_dir, pools, formats, per_lang=220, nofacts_per_lang=60):
    hist = eval_history(pools)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "seed.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for r in hist.reads:
            fh.write(json.dumps({"id": r.id, "text": r.plate.display, "country": r.plate.country, "format": r.plate.fmt,
                                 "confidence": round(r.confidence / 100, 2), "at": r.at.strftime("%Y-%m-%dT%H:%M:00"),
                                 "corrected_from": r.corrected_from}, ensure_ascii=False) + "\n")
    in_seed = set(hist.by_plate)
    seeded = [rs[0].plate for rs in hist.by_plate.values()]
    absent = far_apart([p for p in pools["heldout"] if p.display not in in_seed], seeded, 150)
    by_display = {p.display: p for p in pools["heldout"]}
    rng = random.Random("eval-questions")
    # The eval asks what a keyword grounding layer resolves without doubt: plate questions without a
    # period, periods only on counts, lists, tallies and corrections, no "in {month}".
    fact_builders = [
        (b_count_plate, 14), (b_count_total, 5), (b_count_country, 5), (lambda c: b_seen(c, "first_seen"), 12),
        (lambda c: b_seen(c, "last_seen"), 12), (b_list, 8), (b_country_plate, 12), (b_country_tally, 4),
        ("fmt", 10), (b_confidence, 9), (b_compare, 7), (b_corrections, 4),
    ]
    nofacts_builders = [(b_unknown, 3), (b_offdata, 1), ("nf", 4)]
    rows = []
    for lang in ("en", "fr"):
        for want, builders, n in (("fact", fact_builders, per_lang), ("nofacts", nofacts_builders, nofacts_per_lang)):
            made, seen_q = 0, set()
            while made < n:
                today = rng.choice(EVAL_TODAYS)
                c = Ctx(rng, lang, "heldout", hist, today, absent, eval=True)
                f = rng.choices(*zip(*builders))[0]
                if f == "fmt":
                    out = b_explain_format(c, formats)
                elif f == "nf":
                    out = not_found_case(c, rng.choice(["count_plate", "first_seen", "last_seen", "country_plate", "confidence"]),
                                         "count")
                else:
                    out = f(c)
                if out is None:
                    continue
                intent, per, bodies, q, ans, expect, kind = out
                if kind != want or q in seen_q:
                    continue
                if per.kind in ("in_month",) or (kind == "fact" and not expect):
                    continue
                if kind == "fact" and intent == "count" and per.kind is None and bodies[0].startswith("plate "):
                    continue
                if f == "nf":
                    intent = {"count_plate": "count"}.get(intent, intent)
                if intent == "explain_format":
                    # Only plates whose stored format is the grammar's first match: the grounding layer may
                    # explain the stored read or ask the grammar, both give the same line then.
                    p = by_display[expect[0]]
                    if len(bodies) != 1 or p.matches[0][1] != p.fmt or p.matches[0][0] != p.display:
                        continue
                seen_q.add(q)
                facts = number_facts(bodies)
                rows.append({"lang": lang, "today": today.isoformat(), "question": q, "kind": kind, "expect": expect,
                             "intent": intent, "period": per.header, "facts": facts, "reference": ans})
                made += 1
    with open(os.path.join(out_dir, "heldout.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return hist, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", help="folder for train.jsonl, valid.jsonl, heldout.jsonl")
    ap.add_argument("--eval", help="folder for seed.jsonl and heldout.jsonl (the C# eval set)")
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--valid", type=int, default=1000)
    ap.add_argument("--heldout", type=int, default=1000)
    ap.add_argument("--drills", type=int, default=20000, help="copying drills written to OUT/drills.jsonl")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--show", type=int, default=0, help="print N train dialogues and exit")
    args = ap.parse_args()
    formats = load_formats()
    pools = plate_splits(load_plates(formats))
    if args.show:
        from .prompt import render_dialogue
        for d in generate(args.show, "train", args.seed, pools, formats):
            print(render_dialogue(d["system"], d["user"], d["answer"]))
            print("----", d["intent"], d["kind"], d["expect"])
        return
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for split, n in (("train", args.train), ("valid", args.valid), ("heldout", args.heldout)):
            path = os.path.join(args.out, f"{split}.jsonl")
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                for d in generate(n, split, args.seed, pools, formats):
                    fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            print(f"{n} dialogues -> {path}")
        rng = random.Random(f"{args.seed}:drills")
        path = os.path.join(args.out, "drills.jsonl")
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            for _ in range(args.drills):
                fh.write(json.dumps(drill(rng, "fr" if rng.random() < 0.5 else "en", "train", pools), ensure_ascii=False) + "\n")
        print(f"{args.drills} copying drills -> {path}")
    if args.eval:
        hist, rows = write_eval(args.eval, pools, formats)
        print(f"{len(hist.reads)} seeded reads, {len(rows)} questions -> {args.eval}")


if __name__ == "__main__":
    main()
