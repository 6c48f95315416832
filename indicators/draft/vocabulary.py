"""Word lists the drafting rules share (German and English), as compiled patterns.

Vocabulary, not data: which words name an economic measure, a trade flow, a rise or a fall, a
count of people, a duration … Stems are matched at the start of a word, case-insensitively,
so "Export" covers "Exporte", "Exportquote" and "exports".
"""

from __future__ import annotations

import re


def trie(words: list[str]) -> str:
    """One pattern matching any of ``words`` (the longest where one starts another), written
    as a trie: "ab(?:hängig|nehmer)" rather than "abhängig|abnehmer". Python's `re` tries the
    alternatives of a flat list one by one at every position of the text; a trie tries one
    branch per letter, which makes the long stem lists below about five times faster to
    search (the drafting of a long article runs them for every sentence). "_" in a word is a
    space between the words of a phrase ("ums_leben")."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if ch == "_" else re.escape(ch)) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _stems(words: str) -> re.Pattern:
    """Word starts; "_" joins the words of a phrase ("ums_leben")."""
    return re.compile(rf"(?<![\wäöüß])(?:{trie(words.split())})", re.IGNORECASE)


def _anywhere(words: str) -> re.Pattern:
    """Stems that may also end a German compound ("Energieabhängigkeit", "Kapitalexport")."""
    return re.compile(rf"(?:{trie(words.split())})", re.IGNORECASE)


# A figure whose sentence names none of these is not read as an economic claim.
ECONOMIC = _anywhere(
    "bip gdp wirtschaft economy econom volkswirtschaft export import ausfuhr einfuhr handel trade "
    "inflation teuerung preis price zins rate leitzins arbeitslos unemploy jobless beschäftig "
    "employment schulden verschuld debt defizit deficit überschuss surplus haushalt budget "
    "steuer tax revenue einnahme invest fdi kapital capital reserve währung currency wert value "
    "lira peso rubel rouble ruble dollar euro pfund pound naira shilling taka zloty forint yuan "
    "gas öl oil crude energie energy strom electric produktion production output förder "
    "überweisung remittance armut poverty lohn wage einkommen income wachstum growth wuchs "
    "grew wachs gewachsen markt market anteil share quote bevölkerung population einwohner "
    "absatz sales umsatz gewinn profit kosten cost ausgaben spending hilfe aid kredit loan "
    "anleihe bond rendite yield tourism tourist arrival besucher ernte crop harvest getreide "
    "grain kupfer copper lithium gold kali potash warenkorb basket verbraucher consumer "
    "produzent producer exporteur exporter abnehmer buyer partner lieferant supplier "
    "vermögen wealth rente pension subvention subsid zoll tariff abhängig dependen "
    "lieferung deliver kohle coal getreide weizen wheat garment textil bekleidung reserven "
    "konjunktur rezession recession stagn nachfrage demand angebot supply bank geld money "
    "kurs exchange zahlungsbilanz leistungsbilanz current account horticulture tea tee "
    "wein wine fertil dünger fabrik factory industrie industr agrar agricultur landwirtschaft "
    "schaden damage wiederaufbau reconstruction ")
FLOW = _anywhere(
    "export import ausfuhr einfuhr handel trade abnehmer buyer market markt lieferant supplier "
    "partner gas öl oil überweisung remittance invest fdi kapital capital abhängig dependen "
    "schulden debt gläubiger creditor bezieht bought buying took takes kauft lieferung "
    "shipped sold verkauf absatz quote transfer liefer supplies supplied")
PARTNER_ROLE = _stems(
    "abnehmer handelspartner partner lieferant gläubiger investor absatzmarkt exportmarkt "
    "markt buyer buyers market supplier creditor trading partner importeur käufer kunde")
GROWTH = _anywhere("wachstum wuchs gewachsen wachsen growth grew grow expan "
                   "schrumpf shrink contract eingebrochen")
INFLATION = _stems("inflation teuerung consumer prices verbraucherpreise preissteigerung")
UP = _stems(
    "stieg steigt gestiegen steigen anstieg stiegen kletter zugelegt legte legten zulegen "
    "wuchs gewachsen wachsen erhöh plus zunahme zugenommen nahm gewann gewonnen aufgewertet "
    "rose rise rising risen grew grow growing jumped jump climbed climb increase gained gain "
    "up surged soared expanded picked hike raised raise doubled tripled")
DOWN = _stems(
    "sank sinkt gesunken sinken sanken fiel fällt fallen gefallen rückgang zurückgegangen "
    "zurück schrumpf geschrumpft verlor verloren verlieren verlust eingebrochen einbruch "
    "brach senkte gesenkt senken verringer minus nachgegeben abgewertet abwertung halbier "
    "fell fall falling fallen declin dropped drop shrank shrink shrunk contract lost losing lose "
    "cut lower slid slump plung down decreas weaken depreciat halved eased ease")
PEOPLE = _stems(
    "menschen personen leute soldaten gefangene häftlinge flüchtlinge geflüchtete migranten "
    "demonstranten teilnehmer mitarbeiter beschäftigte arbeiter arbeitskräfte bürger wähler "
    "kinder frauen männer syrer ukrainer litauer zivilisten opfer people persons soldiers "
    "prisoners refugees migrants protesters participants employees workers staff voters "
    "children women men civilians victims residents citizens kenyans nigerians "
    "bangladeshis egyptians jobs stellen")
POPULATION = _stems("einwohner inhabitants bevölkerung population populous leben_in live_in "
                    "lives_in home_to")
CASUALTY = _stems("getötet tote toten ums_leben starben gestorben verletzt verwundet killed "
                  "died dead deaths death wounded injured casualties")
FIRMS = _stems("unternehmen firmen betriebe konzerne companies firms businesses enterprises "
               "start-ups startups")
DURATION = re.compile(
    r"(?:-\s*)?(?:jahre|jahren|jahrzehnte|jahrzehnten|monate|monaten|wochen|tage|tagen|"
    r"stunden|minuten|years?|months?|weeks?|days?|hours?|decades?|minutes?)\b", re.IGNORECASE)
AGE = re.compile(r"-?(?:jährige|year-olds?|years? old|jahre alt)\b", re.IGNORECASE)
DISTANCE = re.compile(r"(?:kilometer|km|meter|metres?|meters?|meilen|miles?)\b", re.IGNORECASE)
RULE = re.compile(
    r"(?<![\wäöüß])(?:grenze|obergrenze|untergrenze|schwelle|schwellenwert|ziel|zielwert|"
    r"inflationsziel|limit|vorgabe|kriterium|mindestlohn|höchstgrenze|deckel|threshold|ceiling|"
    r"cap|target|quota|criterion|minimum\s+wage|minimum\s+monthly\s+wage|rule|benchmark)"
    r"(?:n|s|e|en|es)?(?![\wäöüß])", re.IGNORECASE)
RULE_AFTER = re.compile(r"\s*(?:or more|oder mehr|and above|und mehr)\b", re.IGNORECASE)
ELECTION = _stems("stimmen wahlbeteiligung wahl votes vote turnout election ballot")
POLL = _stems("befragten umfrage respondents survey poll")
PLAN = _stems("will wollen plant plan plans aims aim soll sollen wants want intends strebt "
              "goal vorhaben")
FORECAST = _stems("erwartet erwarten prognose prognostiz expected expects forecast projected "
                  "predicts sollte voraussichtlich would würde")
MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "december": 12,
}
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")
MONTH = re.compile(r"\b(" + trie(list(MONTHS)) + r")\b", re.IGNORECASE)
