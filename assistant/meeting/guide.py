"""Building a meeting guide from a topic: agenda, dialogkort opening, readings and reflection questions.

Every policy word comes from the documents: the statement and readings are spans chosen by
`Answerer.passages`, the questions come from the reflection inventory. The agenda names, the round
method, the opening's "vi" questions and the agreement template are fixed method texts."""

from __future__ import annotations


from assistant.meeting.models import LENGTHS, AgendaItem, Agreement, GuideQuestion, MeetingGuide, Opening
from assistant.models import Citation, ReflectionQuestion
from assistant.reflect.themes import Themes

CANDIDATES = 6  # passages considered before diversifying: beyond this they drift off the topic
READINGS = 4
MMR_LAMBDA = 0.7  # relevance against novelty: a near-duplicate passage loses its place
MAX_QUESTIONS = 8
QUESTION_MATCH = 0.5  # share of the topic's words (by weight) a question must hold, its theme counting half
FEW_QUESTIONS = 3  # taken at half that share when none holds it ("Børnefællesskaber – hvordan får alle børn en ven?")
BLOCK_MATCH = 0.6  # share of the topic's words a block heading must hold for the whole block to come in

ROUND_METHOD = ("Tænk selv (2 min): skriv dine tanker ned. Par (5 min): del med sidemanden. "
                "Alle (resten): runden, hvor alle siger noget, før vi drøfter frit.")
AGREEMENT_TEMPLATE = ["Hvad gør vi?", "Hvem gør det?", "Hvornår?", "Hvordan følger vi op?"]
OPENING_QUESTIONS = [
    "Hvad genkender vi fra vores egen hverdag i udsagnet?",
    "Hvad gør vi allerede, og hvad kunne vi gøre anderledes?",
    "Hvad vil vi gerne blive klogere på i dag?",
]
# Kind, title, share of the meeting, method text.
AGENDA = [
    ("opening", "Åbning: dialogkort", 0.12, "Læs udsagnet højt. Tal om spørgsmålene på kortet."),
    ("reading", "Læsning", 0.15, "Læs uddragene hver for sig. Understreg det, der vækker noget."),
    ("round", "Drøftelse", 0.43, ROUND_METHOD),
    ("agreements", "Aftaler om prøvehandlinger", 0.20, "Hvad vil vi prøve? Hvem, hvornår, og hvordan følger vi op?"),
    ("closing", "Afrunding og næste skridt", 0.10, "Hvad tager vi med? Hvornår samler vi op?"),
]
FOLLOWUP = ("followup", "Opfølgning på sidste møde", "Hvordan gik det med det, vi aftalte?")
ROUNDS = {30: 1, 45: 2, 60: 2, 90: 3}


def agenda(minutes: int, follow_up: bool = False) -> list[AgendaItem]:
    """Time boxes that sum exactly to `minutes`; longer meetings get more discussion rounds."""
    if minutes not in LENGTHS:
        raise ValueError(f"Et møde kan vare {', '.join(map(str, LENGTHS))} minutter, ikke {minutes}.")
    rows = []
    if follow_up:
        rows.append((FOLLOWUP[0], FOLLOWUP[1], 0.08, FOLLOWUP[2]))
    for kind, title, share, text in AGENDA:
        if kind != "round":
            rows.append((kind, title, share, text))
            continue
        n = ROUNDS[minutes]
        rows += [(kind, f"{title} {i}" if n > 1 else title, share / n, text) for i in range(1, n + 1)]
    return [AgendaItem(kind=k, title=t, minutes=m, text=x) for (k, t, _, x), m in zip(rows, _apportion(minutes, rows))]


def _apportion(total: int, rows: list) -> list[int]:
    """Largest-remainder rounding: whole minutes, at least one each, summing exactly to `total`."""
    weight = sum(r[2] for r in rows)
    exact = [total * r[2] / weight for r in rows]
    whole = [max(1, int(x)) for x in exact]
    order = sorted(range(len(rows)), key=lambda i: exact[i] - whole[i], reverse=True)
    i = 0
    while sum(whole) != total:
        j = order[i % len(order)]
        step = 1 if sum(whole) < total else -1
        if whole[j] + step >= 1:
            whole[j] += step
        i += 1
    return whole


class GuideBuilder:
    """Builds guides over one assistant: its answerer picks passages, its inventory gives questions."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.themes = Themes.load(assistant.settings.prompts_dir)
        self._facilitator = None

    def build(self, topic: str, minutes: int = 60, group: str = "", previous: list[Agreement] = ()) -> MeetingGuide:
        topic = " ".join(topic.split())
        if not topic:
            raise ValueError("Skriv et emne for mødet.")
        items = agenda(minutes, follow_up=bool(previous))
        candidates = self.assistant.answerer.passages(topic, n=CANDIDATES)
        opening, readings = self.choose(candidates)
        return MeetingGuide(
            topic=topic, minutes=minutes, group=group, agenda=items,
            opening=Opening(statement=opening, questions=list(OPENING_QUESTIONS)),
            readings=readings, questions=self.questions(topic), round_method=ROUND_METHOD,
            agreement_template=list(AGREEMENT_TEMPLATE), previous=list(previous),
        )

    def choose(self, candidates: list[Citation]) -> tuple[Citation | None, list[Citation]]:
        """The best passage opens the meeting; readings are the others, picked by MMR over passage vectors
        (the opening passage is read again only when fewer than two others remain)."""
        if not candidates:
            return None, []
        rest = candidates[1:] if len(candidates) >= 3 else candidates
        picked = self.diversify(rest, READINGS)
        return candidates[0], [c.renumbered(i) for i, c in enumerate(picked, start=1)]

    def diversify(self, candidates: list[Citation], n: int) -> list[Citation]:
        """Maximal marginal relevance: relevance by rank, novelty by cosine to what is already chosen.

        Novelty is measured on the whole chunks, from their window vectors computed at ingest, so
        diversifying costs no embedding (embedding the passages took about a second per guide)."""
        vectors = self.assistant.searcher.chunk_vectors([c.chunk_id for c in candidates])
        relevance = [1.0 - i / len(candidates) for i in range(len(candidates))]
        chosen = [0]
        while len(chosen) < min(n, len(candidates)):
            def mmr(i: int) -> float:
                novelty = max(float(vectors[i] @ vectors[j]) for j in chosen)
                return MMR_LAMBDA * relevance[i] - (1 - MMR_LAMBDA) * novelty
            chosen.append(max((i for i in range(len(candidates)) if i not in chosen), key=mmr))
        return [candidates[i] for i in chosen]

    # ------------------------------------------------------------ questions

    def questions(self, topic: str) -> list[GuideQuestion]:
        """A reflection block whose heading names the topic comes in whole; else the best matches, own first.
        Words match as the answers match them, compounds by their parts: "forældresamarbejde" finds
        "samarbejdet med forældrene"."""
        inventory = self.assistant.inventory
        terms = self.assistant.answerer.terms(topic)
        if not terms:
            return []
        block = self._block(inventory, terms)
        if block:
            return [self._question(q) for q in block]
        theme = self.themes.of(topic)
        scored = [(self._score(q, terms) + (0.5 if q.theme == theme else 0.0), q) for q in inventory]
        ordered = sorted(scored, key=lambda x: -x[0])
        ranked = [q for s, q in ordered if s > QUESTION_MATCH]
        if not ranked:  # a long topic's words seldom meet in one question: the few best that hold its most
            # specific word the questions use ("børnefællesskaber"; none uses "ven")
            lexical = self.assistant.answerer.lexical
            for term in sorted(terms, key=lambda t: -t.weight):
                holding = [q for s, q in ordered if s > QUESTION_MATCH / 2 and lexical([term], self._text(q))]
                if holding:
                    ranked = holding[:FEW_QUESTIONS]
                    break
        own = [q for q in ranked if not q.derived]
        derived = [q for q in ranked if q.derived]
        return [self._question(q) for q in (own + derived)[:MAX_QUESTIONS]]

    def _block(self, inventory: list[ReflectionQuestion], terms: list) -> list[ReflectionQuestion]:
        best, best_share = "", 0.0
        for section in sorted({q.section for q in inventory if not q.derived}):
            share = self.assistant.answerer.lexical(terms, section)
            if share > best_share:
                best, best_share = section, share
        if best_share < BLOCK_MATCH:
            return []
        return [q for q in inventory if q.section == best and not q.derived]

    def _score(self, q: ReflectionQuestion, terms: list) -> float:
        return self.assistant.answerer.lexical(terms, self._text(q))

    @staticmethod
    def _text(q: ReflectionQuestion) -> str:
        return f"{q.text}\n{q.section}\n{q.statement}"

    def _question(self, q: ReflectionQuestion) -> GuideQuestion:
        return GuideQuestion(text=q.text, derived=q.derived, statement=q.statement, source=self._source(q),
                             block=q.section)

    def _source(self, q: ReflectionQuestion) -> Citation | None:
        if self._facilitator is None:
            from assistant.reflect.facilitator import Facilitator, SessionStore

            self._facilitator = Facilitator(self.assistant, SessionStore.for_settings(self.assistant.settings))
        return self._facilitator.why(q)
