"""The reflection question inventory: the documents' own questions and questions derived from their commitments.

Own questions come from reflection blocks (a heading such as "TIL REFLEKSION OVER ..." or
"Refleksionsspørgsmål", then question paragraphs or bullets) and from self-reflection prompts in
running text ("Alle medarbejdere skal kunne svare på: ...?", "”Gør vi det vi ved er sundt?”").
Derived questions turn commitment lists ("Det er afgørende, at dagtilbuddene: • Sikrer, at ...")
into a statement and an open "Hvordan ... vi ...?" question, from templates in `prompts/`.
Stored and searched by `question_index.py`; themes in `themes.py`, text helpers in `paragraphs.py`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assistant.models import ReflectionQuestion, SourceDocument
from assistant.reflect.audience import audience_of
from assistant.reflect.paragraphs import (
    QUOTES, Paragraph, is_question, clean_question, excerpt, normalise, paragraphs, stems,
)
from assistant.reflect.themes import Themes
from assistant.text.sentences import BULLET, split_sentences

# A heading that opens a block of questions for the reader.
BLOCK_HEADING = re.compile(
    r"^(?:til\s+)?refleksion\b|refleksionsspørgsmål|dialogspørgsmål|spørgsmål\s+til\s+"
    r"(?:refleksion|drøftelse|dialog|samtale|fælles)|^til\s+(?:drøftelse|dialog|fælles\s+refleksion)",
    re.IGNORECASE,
)
# A lead-in sentence that announces questions ("Drøft i personalegruppen:").
BLOCK_LEAD_IN = re.compile(r"\b(?:refleksion|spørgsmål|drøft|overvej|reflekter|diskuter)\w*\b.*:$", re.IGNORECASE)
# Words that set the next question as one staff are to ask themselves.
PROMPT_CUE = re.compile(
    r"(?:svare\s+på|spørge\s+(?:sig|os|jer)\s+selv(?:\s+om)?|stille\s+(?:sig|os|jer)\s+selv"
    r"(?:\s+spørgsmålet|\s+spørgsmål)?|spørgsmålet)\s*:?\s*[" + QUOTES + r"]?\s*$",
    re.IGNORECASE,
)
FIRST_PERSON_PLURAL = re.compile(r"\bvi\b", re.IGNORECASE)
# Commitment lists: the lead-in names who acts, so each item starts with a verb ...
SUBJECT_LEAD_IN = re.compile(
    r"^De[rt] er (?:helt )?(?:afgørende|vigtigt|centralt|væsentligt|nødvendigt|essentielt)"
    r"(?: for [^,:]+)?, at [\wæøåÆØÅ/ -]{2,60}:$"
)
# ... or the items are whole clauses ("KL vil arbejde for, at • staten nedsætter ...").
CLAUSE_LEAD_IN = re.compile(r"^[\wæøåÆØÅ´' -]{1,60} (?:vil|skal) arbejde for,? at:?$")
CONTEXT_WINDOW = 30  # paragraphs before a block searched for its context


@dataclass
class Extractor:
    """Finds reflection questions in one cleaned document."""

    doc: SourceDocument
    text: str
    sections: list
    themes: Themes
    derived_templates: dict

    def __post_init__(self):
        self.paras = paragraphs(self.text)

    def own(self) -> list[ReflectionQuestion]:
        questions, in_block = [], set()
        for i, para in enumerate(self.paras):
            if i not in in_block and self._opens_block(para):
                found = self._block(i)
                # The block's lead-in ("Drøft i teamet:") must not open a block of its own.
                in_block.update(range(i, max((j for j, _ in found), default=i) + 1))
                questions += [q for _, q in found]
        for i, para in enumerate(self.paras):
            if i not in in_block and not para.is_heading():
                questions += self._prompts_in(para)
        return sorted(questions, key=lambda q: q.start)

    def _opens_block(self, para: Paragraph) -> bool:
        text = para.text.strip()
        if para.is_heading():
            return bool(BLOCK_HEADING.search(text))
        return "\n" not in text and len(text) <= 200 and bool(BLOCK_LEAD_IN.search(text))

    def _block(self, i: int) -> list[tuple[int, ReflectionQuestion]]:
        """Question paragraphs after a block heading, until the first paragraph that is not one."""
        heading = self.paras[i]
        spans: list[tuple[int, int, int]] = []
        for j in range(i + 1, len(self.paras)):
            para = self.paras[j]
            items = [(s, e) for s, e in para.items(self.text) if is_question(self.text[s:e])]
            if not items:
                # A lead-in ("Drøft i teamet:") may precede the questions; anything else ends the block.
                if not spans and para.text.rstrip().endswith(":") and j - i <= 2:
                    continue
                break
            spans += [(j, s, e) for s, e in items]
        # The heading names the theme; a heading that does not ("Spørgsmål til refleksion") leaves it to
        # the questions, then to the section the block follows.
        context = self._block_context(i)
        theme = self.themes.first_of(
            heading.text, " ".join(self.text[s:e] for _, s, e in spans), self._section_title(heading.start),
            " ".join(p.text for p in context[:1]),
        )
        return [(j, self._question(s, e, theme, heading.text.strip(), context)) for j, s, e in spans]

    def _block_context(self, i: int) -> list[Paragraph]:
        """Prose paragraphs before the block, back to the previous block: the text the questions reflect on."""
        prose = []
        for para in reversed(self.paras[max(0, i - CONTEXT_WINDOW) : i]):
            if self._opens_block(para):
                break
            if para.is_prose():
                prose.append(para)
        return prose

    def _question(self, start: int, end: int, theme: str, section: str, context: list[Paragraph]) -> ReflectionQuestion:
        text = clean_question(self.text[start:end])
        passage = _best_paragraph(context, text)
        ctx = ""
        if passage is not None:
            s, e = excerpt(passage.text, text)
            ctx = passage.text[s:e]
        return self._make(text, theme, section, ctx, start, end)

    def _prompts_in(self, para: Paragraph) -> list[ReflectionQuestion]:
        """Self-reflection prompts in running text: cued ("svare på: ...?") or in the first person plural."""
        found = []
        for m in re.finditer(r"\?", para.text):
            start = _sentence_start(para.text, m.start())
            question = clean_question(para.text[start : m.end()])
            before = para.text[:start]
            cued = bool(PROMPT_CUE.search(before))
            # First-person-plural questions count inside running text, not as a paragraph's (heading-like)
            # opening or in a practitioner's quote.
            # Reported speech after a colon ("Forældrene spørger: Hvad kan vi ...?") is someone else's question.
            own_voice = (FIRST_PERSON_PLURAL.search(question) and before.strip() and not para.is_quote()
                         and not before.rstrip().endswith(":"))
            if len(question.split()) >= 3 and (cued or own_voice):
                s, e = excerpt(para.text, question)
                theme = self.themes.first_of(question, para.text, self._section_title(para.start))
                q_start = para.start + start + (len(para.text[start:]) - len(para.text[start:].lstrip(QUOTES + " ")))
                found.append(self._make(question, theme, self._section_title(para.start), para.text[s:e],
                                        q_start, para.start + m.end()))
        return found

    def derived(self) -> list[ReflectionQuestion]:
        questions = []
        for lead, items in zip(self.paras, self.paras[1:]):
            # The lead-in is the paragraph's last line: a photo credit may share its paragraph.
            lead_start, _ = lead.lines[-1]
            lead_text = self.text[lead_start : lead.end].strip()
            verb_first = bool(SUBJECT_LEAD_IN.match(lead_text))
            if not (verb_first or CLAUSE_LEAD_IN.match(lead_text)):
                continue
            spans = items.items(self.text)
            if len(spans) == len(items.lines) and all(BULLET.match(self.text[s:e]) for s, e in items.lines):
                section = self._derived_section(lead_start)
                context = self.text[lead_start : items.end]
                for s, e in spans:
                    questions.append(self._derive(lead_text, s, e, verb_first, section, context))
        return questions

    def _derive(self, lead: str, start: int, end: int, verb_first: bool, section: str, context: str) -> ReflectionQuestion:
        item = _first_sentence(self.text[start:end]).rstrip(" .")
        theme = self.themes.first_of(section, lead, item)
        statement = _statement(lead, item, verb_first)
        question = _derived_question(item, verb_first, theme, self.derived_templates)
        return self._make(question, theme, section, context, start, end, derived=True, statement=statement)

    def _derived_section(self, offset: int) -> str:
        """The section a list stands in; a section titled by the lead-in itself defers to the one before."""
        titles = [s.title for s in self.sections if s.start <= offset + 1]
        for title in reversed(titles[-2:]):
            if not CLAUSE_LEAD_IN.search(title.split(" – ")[-1]) and not SUBJECT_LEAD_IN.search(title):
                return title
        return titles[-1] if titles else ""

    def _section_title(self, offset: int) -> str:
        title = ""
        for section in self.sections:
            if section.start <= offset + 1:
                title = section.title
        return title

    def _make(self, text, theme, section, context, start, end, derived=False, statement="") -> ReflectionQuestion:
        kind = "d" if derived else "q"
        digest = hashlib.sha1(f"{self.doc.id}\n{normalise(statement or text)}".encode()).hexdigest()[:12]
        return ReflectionQuestion(
            id=f"{self.doc.id}:{kind}:{digest}", text=text, theme=theme, doc_id=self.doc.id, title=self.doc.title,
            section=section, context=context, derived=derived, statement=statement, start=start, end=end,
            audience=audience_of(text, statement),
        )


def _sentence_start(text: str, q: int) -> int:
    """Where the sentence ending at the question mark `q` begins (after a full stop, colon or opening quote)."""
    i = q - 1
    while i >= 0:
        ch = text[i]
        if ch in ".!?:;" and text[i + 1 : i + 2] == " " and not re.search(r"\b(?:bl\.a|fx|f\.eks|dvs|evt|hhv)$", text[: i + 1]):
            return i + 1
        if ch in QUOTES and (i == 0 or text[i - 1] in " (–-"):
            return i
        i -= 1
    return 0


def _best_paragraph(context: list[Paragraph], question: str) -> Paragraph | None:
    """The prose paragraph sharing most words with the question; the nearest wins ties (context is nearest first)."""
    if not context:
        return None
    wanted = stems(question)
    return max(context, key=lambda p: (len(wanted & stems(p.text)), -context.index(p)))


def _first_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[slice(*spans[0])] if spans else text


def _statement(lead: str, item: str, verb_first: bool) -> str:
    """The document's sentence reassembled: 'Det er afgørende, at dagtilbuddene sikrer, at ...'."""
    lead = lead.rstrip(": ")
    if verb_first:
        item = item[:1].lower() + item[1:]
    elif lead.endswith(" at") and item.lower().startswith("at "):
        item = item[3:]
    return f"{lead} {item}."


# A present-tense verb, or two joined by "og" ("Opbygger og vedligeholder").
VERBS = re.compile(r"^([A-ZÆØÅa-zæøå]{2,}r)(?: og [a-zæøå]{2,}r\b)?")


def _derived_question(item: str, verb_first: bool, theme: str, templates: dict) -> str:
    verbs = VERBS.match(item) if verb_first else None
    if verbs:
        verb, rest = verbs.group(), item[verbs.end() :]
        cuts = [rest.find(c) for c in templates["cut_at"] if rest.find(c) > 0]
        rest = rest[: min(cuts)] if cuts else rest
        return templates["verb_first"].format(verb=verb[:1].lower() + verb[1:], rest=rest.rstrip(" ,."))
    by_theme = templates["by_theme"]
    return by_theme.get(theme, by_theme["default"])


def load_derived_templates(prompts_dir: Path) -> dict:
    return tomllib.loads((prompts_dir / "reflection_derived.toml").read_text(encoding="utf-8"))


def extract(doc: SourceDocument, cleaned, themes: Themes, templates: dict) -> list[ReflectionQuestion]:
    """All questions of one cleaned document: its own first, then those derived from its commitments."""
    extractor = Extractor(doc, cleaned.text, list(cleaned.sections), themes, templates)
    # A document may ask the same question twice, or derive one it also asks: ids must be unique in Chroma.
    return _unique(extractor.own() + extractor.derived())


def _unique(questions: list[ReflectionQuestion]) -> list[ReflectionQuestion]:
    """The questions with repeated ids dropped, the first of each kept."""
    first: dict[str, ReflectionQuestion] = {}
    for q in questions:
        first.setdefault(q.id, q)
    return list(first.values())


def extract_all(prepared, prompts_dir: Path) -> list[ReflectionQuestion]:
    themes, templates = Themes.load(prompts_dir), load_derived_templates(prompts_dir)
    return [q for p in prepared for q in extract(p.doc, p.cleaned, themes, templates)]
