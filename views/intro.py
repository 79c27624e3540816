"""The "Introduktion" page: a path of short stations for new staff, an ordliste, and a summary to take along."""

from __future__ import annotations

import streamlit as st

from assistant.core import Assistant
from assistant.export.outline import to_docx, to_markdown
from assistant.intro.glossary import Entry
from assistant.intro.path import IntroPath, Station, StationError
from assistant.intro.progress import Progress, ProgressStore
from assistant.intro.summary import filename, summary
from assistant.text.markdown import escape

from .common import PLAIN_TEXT, go_to, show_passage

SEEN = "✓ "
SECTIONS = ["Stationer", "Ordliste", "Opsummering"]
PRIVATE = "Skriv ikke navne eller andre oplysninger, der kan genkende børn, forældre eller kolleger."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_resource(show_spinner=False)
def intro_path(_assistant: Assistant) -> IntroPath:
    """One path per assistant, shared by sessions: its quotes are the same for everyone."""
    return IntroPath(_assistant)


def render(assistant: Assistant) -> None:
    st.header("Introduktion")
    try:
        path, store = intro_path(assistant), ProgressStore.for_settings(assistant.settings)
    except (StationError, OSError, ValueError):  # a damaged or missing data file in prompts/
        st.error("Introduktionen kan ikke vises: filen med stationerne mangler eller er beskadiget. "
                 "Bed den, der har installeret programmet, om at køre `python -m assistant intro` og rette fejlen.")
        return
    st.write(
        "For dig, der er ny i dagtilbuddet. Tag stationerne i den rækkefølge, du vil, og kom tilbage, "
        "når du vil. Citaterne er dokumenternes egne ord. Dine svar gemmes i assistenten, og andre, der bruger "
        "den, kan se dem: med „Start forfra“ under Opsummering sletter du dem."
    )
    for notice in st.session_state.pop("intro_notices", []):
        st.warning(escape(notice))
    # A choice rather than tabs: only the chosen part runs, so the ordliste is not looked up until asked for.
    part = st.radio("Del", SECTIONS, horizontal=True, key="intro_section", label_visibility="collapsed")
    if part == "Ordliste":
        _glossary(path)
    elif part == "Opsummering":
        _export(path, store)
    elif st.session_state.get("intro_station") in {s.id for s in path.stations}:
        _station(path, store, path.station(st.session_state["intro_station"]))
    else:
        _overview(path, store.load())


def _open(station_id: str | None) -> None:
    st.session_state["intro_station"] = station_id


def _overview(path: IntroPath, progress: Progress) -> None:
    seen = sum(1 for s in path.stations if s.id in progress.seen)
    st.progress(seen / len(path.stations), text=f"{seen} af {len(path.stations)} stationer set")
    columns = st.columns(2)
    for i, station in enumerate(path.stations):
        mark = SEEN if station.id in progress.seen else ""
        answered = " · besvaret" if progress.answers.get(station.id) else ""
        with columns[i % 2]:
            st.button(f"{mark}{station.title}", key=f"open-{station.id}", on_click=_open, args=(station.id,),
                      width="stretch", help=f"Station {i + 1}{answered}")


def _station(path: IntroPath, store: ProgressStore, station: Station) -> None:
    progress = store.mark_seen(station.id)
    st.button("← Alle stationer", on_click=_open, args=(None,))
    st.subheader(escape(station.title))
    st.markdown("**Det skriver dokumenterne**")
    with st.spinner("Finder citater i dokumenterne ..."):
        quotes = path.quotes(station.id)
    if not quotes:
        st.caption("Dokumenterne siger ikke noget om det her.")
    for c in quotes:
        show_passage(c, key=f"intro-{station.id}-{c.n}")
    if station.note:
        st.markdown("**Godt at vide**")
        st.info(escape(station.note))
    st.markdown("**Til eftertanke**")
    st.markdown(f"*{escape(station.question)}*")
    key = f"intro-answer-{station.id}"
    if key not in st.session_state:  # the box shows what was stored; set through the session, not `value`
        st.session_state[key] = progress.answers.get(station.id, "")
    typed = st.text_area("Dit svar", key=key, help=PRIVATE)
    save, ask = st.columns(2)
    save.button("Gem svar", type="primary", on_click=_save, args=(store, station.id, key))
    ask.button("Spørg videre", on_click=_ask_further, args=(station.ask,),
               help="Stil et spørgsmål om emnet under Spørg")
    _neighbours(path, station, store, key, typed)


def _save(store: ProgressStore, station_id: str, key: str) -> None:
    typed = st.session_state.get(key, "")
    if not typed.strip() and not store.load().answers.get(station_id):
        st.session_state["intro_notices"] = ["Skriv et svar, før du gemmer – eller gå videre uden."]
        return
    _, notices = store.answer(station_id, typed)  # an emptied answer is removed
    st.session_state["intro_notices"] = notices
    # show what was stored, personal data redacted: set here, a value left to the box's default is not shown
    st.session_state[key] = store.load().answers.get(station_id, "")


def _ask_further(question: str) -> None:
    st.session_state["chat_prefill"] = question
    go_to("spoerg")


def _neighbours(path: IntroPath, station: Station, store: ProgressStore, key: str, typed: str) -> None:
    ids = [s.id for s in path.stations]
    i = ids.index(station.id)
    back, forward = st.columns(2)
    if i > 0:
        back.button("← Forrige station", on_click=_move, args=(store, station.id, key, ids[i - 1]))
    if i + 1 < len(ids):
        forward.button("Næste station →", on_click=_move, args=(store, station.id, key, ids[i + 1]))


def _move(store: ProgressStore, station_id: str, key: str, target: str) -> None:
    """A typed answer is kept when moving on without "Gem svar"."""
    typed = st.session_state.get(key, "")
    if typed.strip() and typed != store.load().answers.get(station_id, ""):
        _save(store, station_id, key)
    st.session_state.pop(key, None)  # filled again from what was stored when the station is shown next
    _open(target)


def _glossary(path: IntroPath) -> None:
    st.write("Ord, du møder i dokumenterne – forklaret med dokumenternes egne sætninger.")
    wanted = st.text_input("Find et ord", key="glossary-filter").strip().lower()
    with st.spinner("Finder forklaringer i dokumenterne ..."):
        entries = path.glossary()
    shown = [e for e in entries if wanted in e.term.lower()]
    if not shown:
        st.caption("Ordet er ikke i ordlisten. Prøv at spørge om det under Spørg.")
    for i, entry in enumerate(shown):
        _entry(entry, key=f"glossary-{i}")


def _entry(entry: Entry, key: str) -> None:
    with st.expander(escape(entry.term)):
        if not entry.explained:
            st.caption(
                "Dokumenterne forklarer ikke ordet direkte."
                + (" Her er et sted, hvor det bruges:" if entry.quotes else "")
            )
        for c in entry.quotes:
            show_passage(c, key=f"{key}-{c.n}")


def _export(path: IntroPath, store: ProgressStore) -> None:
    progress = store.load()
    st.write("Hent en opsummering af dine stationer og svar – til at printe eller tage med til "
             "introduktionssamtalen med din leder.")
    st.caption(f"{len(progress.seen)} af {len(path.stations)} stationer set · "
               f"{sum(1 for a in progress.answers.values() if a)} svar gemt")
    with st.spinner("Samler opsummeringen ..."):
        outline = summary(path.stations, path.quotes, progress)
    word, md = st.columns(2)
    word.download_button("Hent som Word", to_docx(outline), file_name=filename("docx"), mime=DOCX)
    md.download_button("Hent som tekstfil", to_markdown(outline), file_name=filename("md"), mime="text/markdown",
                       help=PLAIN_TEXT)
    if st.button("Start forfra", help="Glem hvilke stationer du har set, og dine svar"):
        store.reset()
        st.session_state.pop("intro_station", None)
        st.rerun()
