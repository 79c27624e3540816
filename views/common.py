"""What the pages share: the assistant resource, citations, navigation to a source."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Callable, Iterator
import gc
import time

import streamlit as st

from assistant.core import Assistant, build_assistant
from assistant.text.markdown import escape
from assistant.models import Citation
from assistant.problems import explain, readable_copy
from assistant.settings import Settings

log = logging.getLogger("refleksionsassistenten")
PLAIN_TEXT = "Ren tekst (Markdown), der kan åbnes i alle programmer og sættes ind i en mail eller på intranettet."  # a download's help
FLUSH_PAUSE = 0.2  # seconds


READ_ONLY = (
    "Datamappen er skrivebeskyttet. Du kan spørge og søge, men refleksioner og tilføjede dokumenter "
    "gemmes kun, indtil appen genstartes."
)


# Page name -> (script, title, icon). The name is the page's URL path and what `go_to` takes.
PAGES = {
    "spoerg": ("app_pages/spoerg.py", "Spørg", ":material/chat:"),
    "kilder": ("app_pages/kilder.py", "Kilder", ":material/description:"),
    "refleksion": ("app_pages/refleksion.py", "Refleksion", ":material/psychology:"),
    "introduktion": ("app_pages/introduktion.py", "Introduktion", ":material/school:"),
    "personalemoede": ("app_pages/personalemoede.py", "Personalemøde", ":material/groups:"),
}


@st.cache_resource(show_spinner=False)
def _cached_assistant() -> tuple[Assistant, bool]:
    """Cheap: the parts are built on first use (see `warm_up`)."""
    settings = Settings()
    usable = readable_copy(settings)
    return build_assistant(usable), usable is not settings


def get_assistant(show_read_only: bool = False) -> Assistant:
    """The shared assistant; invalid settings show a Danish message and stop the page. Nothing is
    cached on failure, so the page works again once the cause is fixed. `app.py` asks with
    `show_read_only`, so a read-only data folder is said once per run, not again by the page."""
    with shown_errors(stop=True):
        assistant, read_only = _cached_assistant()
        if read_only and show_read_only:
            st.sidebar.warning(READ_ONLY)
        return assistant


@contextmanager
def shown_errors(stop: bool = False) -> Iterator[None]:
    """An error boundary: a failure inside shows a Danish message instead of a traceback (the traceback
    goes to the server log). Streamlit's own st.stop()/st.rerun() pass through: they are BaseExceptions."""
    try:
        yield
    except Exception as exc:
        log.exception("page failed")
        st.error(explain(exc).danish)
        if stop:
            st.stop()


def render_page(render: Callable[[Assistant], None], assistant: Assistant) -> None:
    """Render a page inside the error boundary, with a button to try again (a Chroma server back up)."""
    with shown_errors():
        render(assistant)
        return
    st.button("Prøv igen", key="retry-page")


def index_ready(assistant: Assistant) -> bool:
    """Whether the index has content; an unreachable database shows a Danish message and stops the page."""
    with shown_errors(stop=True):
        return assistant.index_exists()
    return False


@st.cache_resource(show_spinner="Indlæser dokumenterne ...")
def warm_up(_assistant: Assistant) -> bool:
    """Load the index, the embedder and the answerer once per process, after the first page is drawn:
    the page shows at once, and a question typed meanwhile is answered when this finishes (it runs in the
    page's own thread; a warm-up thread beside the first question raced it). Then freeze what lives as
    long as the app out of the full garbage collection Streamlit runs after every run (~150 ms)."""
    # Loading holds the GIL for a second or more: give the server's event loop a moment first to send
    # the page already drawn, or the browser waits for it behind the load (first page 3.5 s -> 2.4 s).
    time.sleep(FLUSH_PAUSE)
    try:
        if _assistant.index_exists():
            _assistant.searcher.search("leg", k=1)
            _assistant.answerer.understand("leg")
    except Exception:  # noqa: BLE001 - the page reports an unusable index itself
        pass
    finally:
        gc.freeze()
    return True


# Streamlit writes English hints under fields ("Press Enter to submit form", "Press Ctrl+Enter to apply") and
# has no setting for their language: they are hidden (the buttons beside the fields say what to do).
DANISH_CHROME = """<style>[data-testid="InputInstructions"] { display: none; }</style>"""


def go_to(page: str) -> None:
    """Button callback: open another page on the next run (`st.switch_page` cannot run in a callback)."""
    st.session_state["goto"] = page


def index_missing(assistant: Assistant) -> None:
    st.warning(
        "Dokumenterne er ikke indlæst endnu. Kør `python ingest.py` i projektmappen "
        "(eller `make run`, som gør det for dig), eller indlæs dem her."
    )
    if st.button("Indlæs dokumenterne nu", type="primary"):
        bar = st.progress(0.0, text="Indlæser ...")
        with shown_errors(stop=True):
            assistant.ingest(progress=lambda done, total, msg: bar.progress(done / max(total, 1), text=msg))
        st.rerun()


def open_source(chunk_id: str, quote: str) -> None:
    """Button callback: show a cited passage in context on the Kilder page.

    The passage is found by its words, not by stored offsets: a saved answer stays right even
    after an edit earlier in the document moved the chunk."""
    st.session_state["focus"] = {"chunk_id": chunk_id, "quote": quote}
    go_to("kilder")


def show_citations(citations: list[Citation], key: str) -> None:
    """The numbered sources under an answer: short name and section, the quote in an expander."""
    if not citations:
        return
    st.markdown("**Kilder**")
    for c in citations:
        with st.expander(escape(c.label())):
            st.markdown(f"> {escape(c.quote)}")
            st.button(
                "Vis i dokumentet", key=f"{key}-{c.n}", on_click=open_source, args=(c.chunk_id, c.quote),
            )


def show_passage(c: Citation, key: str) -> None:
    """One cited passage shown in full: the quote, where it is from, and a way to read it in context."""
    st.markdown(f"> {escape(c.quote)}")
    left, right = st.columns([4, 1])
    left.caption(escape(c.label()))
    right.button("Vis i dokumentet", key=key, on_click=open_source, args=(c.chunk_id, c.quote))
