#!/usr/bin/env python3
"""Builds a deterministic benchmark corpus of news-like articles about contacts between officials.

Usage: make_corpus.py N OUT.jsonl [--seed S]

Every article is assembled from team-written templates (no published text): a headline, a
dateline in one of several styles, one or two contacts with varied initiator phrasings and date
expressions, filler paragraphs, and page furniture (navigation, tags, related headlines, a
comment block, a caption). Like real copy, some names and sentences have characters outside
ASCII (diacritics, dashes, curly quotes). The same N and seed give byte-identical output.
"""
import json
import random
import sys
from datetime import date, timedelta

PEOPLE = [
    ("Lloyd Austin", "U.S. Defense Secretary", "US", "American"),
    ("Antony Blinken", "U.S. Secretary of State", "US", "American"),
    ("Joe Biden", "U.S. President", "US", "American"),
    ("Sergei Shoigu", "Russian Defence Minister", "RU", "Russian"),
    ("Sergey Lavrov", "Russian Foreign Minister", "RU", "Russian"),
    ("Vladimir Putin", "Russian President", "RU", "Russian"),
    ("Oleksii Reznikov", "Ukrainian Defence Minister", "UA", "Ukrainian"),
    ("Dmytro Kuleba", "Ukrainian Foreign Minister", "UA", "Ukrainian"),
    ("Volodymyr Zelenskyy", "Ukrainian President", "UA", "Ukrainian"),
    ("Ben Wallace", "British Defence Secretary", "GB", "British"),
    ("James Cleverly", "British Foreign Secretary", "GB", "British"),
    ("Rishi Sunak", "British Prime Minister", "GB", "British"),
    ("Emmanuel Macron", "French President", "FR", "French"),
    ("Catherine Colonna", "French Foreign Minister", "FR", "French"),
    ("Sebastien Lecornu", "French Armed Forces Minister", "FR", "French"),
    ("Olaf Scholz", "German Chancellor", "DE", "German"),
    ("Annalena Baerbock", "German Foreign Minister", "DE", "German"),
    ("Boris Pistorius", "German Defence Minister", "DE", "German"),
    ("Xi Jinping", "Chinese President", "CN", "Chinese"),
    ("Wang Yi", "Chinese Foreign Minister", "CN", "Chinese"),
    ("Hakan Fidan", "Turkish Foreign Minister", "TR", "Turkish"),
    ("Recep Tayyip Erdogan", "Turkish President", "TR", "Turkish"),
    ("Giorgia Meloni", "Italian Prime Minister", "IT", "Italian"),
    ("Guido Crosetto", "Italian Defence Minister", "IT", "Italian"),
    ("Fumio Kishida", "Japanese Prime Minister", "JP", "Japanese"),
    ("Narendra Modi", "Indian Prime Minister", "IN", "Indian"),
    ("Rajnath Singh", "Indian Defence Minister", "IN", "Indian"),
    ("Andrzej Duda", "Polish President", "PL", "Polish"),
    ("Justin Trudeau", "Canadian Prime Minister", "CA", "Canadian"),
    ("Benjamin Netanyahu", "Israeli Prime Minister", "IL", "Israeli"),
]
# Invented officials, so that the corpus has hundreds of people (as an archive does), not only
# the well-known few: "Foreign Minister Lena Varga" of one of many countries.
GIVEN = ["Ana", "Boris", "Carla", "Dmitri", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Katya", "Lars", "Mira", "Nikos", "Olga", "Pavel", "Rosa", "Sami", "Tomas", "Vera"]
FAMILY = ["Varga", "Novak", "Horvat", "Lindqvist", "Ortega", "Petrov", "Costa", "Nagy",
          "Kowalski", "Moreau", "Okafor", "Tanaka", "Haddad", "Silva", "Jensen", "Kuznets"]
NATIONS = [("Austrian", "AT"), ("Belgian", "BE"), ("Czech", "CZ"), ("Danish", "DK"),
           ("Dutch", "NL"), ("Finnish", "FI"), ("Greek", "GR"), ("Hungarian", "HU"),
           ("Irish", "IE"), ("Latvian", "LV"), ("Norwegian", "NO"), ("Portuguese", "PT"),
           ("Romanian", "RO"), ("Slovak", "SK"), ("Spanish", "ES"), ("Swedish", "SE"),
           ("Swiss", "CH"), ("Kenyan", "KE"), ("Brazilian", "BR"), ("Mexican", "MX")]
OFFICES = ["Foreign Minister", "Defence Minister", "Prime Minister"]
for i, (dem, code) in enumerate(NATIONS):
    for j, office in enumerate(OFFICES):
        for k in range(5):
            name = f"{GIVEN[(i + j + k) % len(GIVEN)]} {FAMILY[(i * 3 + j * 5 + k * 7) % len(FAMILY)]}"
            PEOPLE.append((name, f"{dem} {office}", code, dem))
# Officials whose names are written with letters outside ASCII, as real news writes many names
# (and the spellings of two well-known ones with their diacritics): rules then search sentences
# that are not all ASCII, which take other, slower automata.
ACCENTED_GIVEN = ["José", "Zoë", "Søren", "Çağla", "Ramón", "Renée", "Jiří", "Łucja"]
ACCENTED_FAMILY = ["Müller", "Núñez", "Dvořák", "Åberg", "Öztürk", "Lefèvre", "Kovačić", "Wójcik"]
for i, (dem, code) in enumerate(NATIONS[:10]):
    for j, office in enumerate(OFFICES):
        name = f"{ACCENTED_GIVEN[(i + j) % 8]} {ACCENTED_FAMILY[(i * 3 + j) % 8]}"
        PEOPLE.append((name, f"{dem} {office}", code, dem))
PEOPLE += [("Sébastien Lecornu", "French Armed Forces Minister", "FR", "French"),
           ("Recep Tayyip Erdoğan", "Turkish President", "TR", "Turkish")]
TITLE_WORDS = {"U.S.", "Defense", "Defence", "Secretary", "of", "State", "President", "Foreign",
               "Minister", "Prime", "Chancellor", "Armed", "Forces"}

CONTACT = [
    "{a_title} {a} spoke by phone with {b_title} {b} {when}, {source} said.",
    "{a_title} {a} held a telephone conversation with his {b_dem} counterpart {b} {when}.",
    "At the initiative of the {a_dem} side, {a} and {b} had a phone call {when}.",
    "{a} placed a call to {b_title} {b} {when}, according to a readout from {source}.",
    "{b_title} {b} took a call from {a} {when}.",
    "{a_title} {a} met {b_title} {b} in {city} {when} for talks on security.",
    "{a}, who initiated the conversation, told {b} that channels must stay open.",
    "{a_title} {a} and {b_title} {b} held a video call {when}, officials said.",
]
EARLIER = [
    "It was their first conversation since a call on {earlier}.",
    "The two last spoke on {earlier}.",
    "The previous meeting between the two took place in {earlier_month}.",
]
NOT_CONTACT = [
    "{a} is expected to meet {b} next month, officials said.",
    "{a} and {b} will attend the summit of G20 leaders later this year.",
    "A planned call between {a} and {b} was cancelled.",
]
FILLER = [
    "The talks covered regional security, energy supplies and the situation on the front line.",
    "Analysts said the contact reflected a cautious effort to keep lines of communication open.",
    "Neither side gave details of any agreement, and officials declined to comment further.",
    "Markets showed little reaction to the news, with the currency trading in a narrow range.",
    "The ministry statement said both sides stressed the importance of avoiding escalation.",
    "Diplomats said further contacts at a lower level were likely in the coming weeks.",
    # Punctuation outside ASCII, as edited copy has it: dashes, curly quotes, an ellipsis.
    "The conversation — the second in as many months — lasted about an hour.",
    "Aid for the 2023–2024 winter season was also discussed, the statement said.",
    "“We agreed to stay in close touch,” one official said after the call…",
]
FURNITURE_TOP = ["Home > World > Diplomacy", "World | Politics | Security", "Menu Search Subscribe",
                 "Home › World › Europe", "World • Politics • Security"]
FURNITURE_BOTTOM = [
    "Read more: Energy prices rise as winter approaches",
    "Tags: diplomacy, security, defence, foreign policy",
    "Related stories\nMinisters gather for trade forum on {other_date}",
    "COMMENTS\nReader one: Interesting piece.\nReader two: About time they talked.",
    "A view of the ministry building, {other_date}. (Photo by Jane Roe / File Photo via AP)",
]
SOURCES = ["the Pentagon", "the Kremlin", "the foreign ministry", "the defence ministry", "the presidency"]
CITIES = ["Geneva", "Istanbul", "Brussels", "Vienna", "Helsinki", "Rome", "Warsaw"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def dateline(rng, day):
    style = rng.randrange(5)
    if style == 0:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == 1:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == 2:
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if style == 3:
        return f"By Staff Writer | {day.month}/{day.day}/{day.year % 100:02d} 10:15 AM ET"
    return day.isoformat()


def when(rng, contact, published):
    style = rng.randrange(4)
    if style == 0:
        return f"on {WEEKDAYS[contact.weekday()]}"
    if style == 1:
        return f"on {MONTHS[contact.month - 1]} {contact.day}"
    if style == 2:
        return f"on {WEEKDAYS[contact.weekday()]}, {MONTHS[contact.month - 1]} {contact.day}"
    return "yesterday" if (published - contact).days == 1 else f"on {MONTHS[contact.month - 1]} {contact.day}, {contact.year}"


def article(rng, i):
    published = date(2021, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    contact = published - timedelta(days=rng.randrange(0, 6))
    a, b = rng.sample(PEOPLE, 2)
    fill = dict(a=a[0], b=b[0], a_title=a[1], b_title=b[1], a_dem=a[3], b_dem=b[3],
                when=when(rng, contact, published), source=rng.choice(SOURCES), city=rng.choice(CITIES))
    earlier = contact - timedelta(days=rng.randrange(20, 200))
    fill.update(earlier=f"{MONTHS[earlier.month - 1]} {earlier.day}", earlier_month=MONTHS[earlier.month - 1])
    other = published - timedelta(days=rng.randrange(300, 900))
    lines = [rng.choice(FURNITURE_TOP), "", f"{a[0].split()[-1]} and {b[0].split()[-1]} discuss security", "",
             dateline(rng, published), ""]
    body = [rng.choice(CONTACT).format(**fill)]
    body += rng.sample(FILLER, rng.randrange(2, 5))
    if rng.random() < 0.5:
        body.append(rng.choice(EARLIER).format(**fill))
    if rng.random() < 0.3:
        body.append(rng.choice(NOT_CONTACT).format(**fill))
    body += rng.sample(FILLER, 2)
    lines += [p + "\n" for p in body]
    lines += [rng.choice(FURNITURE_BOTTOM).format(other_date=f"{MONTHS[other.month - 1]} {other.day}, {other.year}")]
    text = "\n".join(lines) + "\n"
    return {"id": f"bench-{i:06d}", "title": None, "published": None, "publisher": None, "url": None, "text": text}


def main(argv):
    args = list(argv[1:])
    seed = 1
    if "--seed" in args:
        at = args.index("--seed")
        seed = int(args[at + 1])
        del args[at:at + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    n, out = int(args[0]), args[1]
    rng = random.Random(seed)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(article(rng, i), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
