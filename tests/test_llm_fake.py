"""LLM mode with langchain's GenericFakeChatModel: prompt, streaming, citation checks and offline fallback."""

from __future__ import annotations

import time
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import Field

from assistant.core import build_assistant
from assistant.answer.llm import check, make_chat_model, removed_notice
from conftest import make_settings

QUESTION = "Hvordan kan vi hjælpe børnene med at få venner og gode relationer til hinanden?"
CITED = (
    "Børnenes relationer styrkes gennem leg og aktiviteter i mindre grupper [1]. "
    "De voksne skal være nærværende og anerkendende [2]."
)


class RecordingFakeChatModel(GenericFakeChatModel):
    """The fake model, remembering the messages of each call."""

    calls: list = Field(default_factory=list)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any):
        self.calls.append(messages)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


class FailingFakeChatModel(GenericFakeChatModel):
    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any):
        raise ConnectionError("Connection refused")


class SlowFakeChatModel(GenericFakeChatModel):
    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any):
        time.sleep(15)
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)


def fake(*replies: str, cls=RecordingFakeChatModel):
    return cls(messages=iter(replies))


def test_fake_model_gets_danish_system_prompt_and_numbered_sources(corpus_assistant):
    model = fake(CITED)
    corpus_assistant.chat_session(chat_model=model).ask(QUESTION)
    system, human = model.calls[0]
    assert isinstance(system, SystemMessage) and isinstance(human, HumanMessage)
    prompt = (corpus_assistant.settings.prompts_dir / "answer.system.md").read_text(encoding="utf-8").strip()
    assert system.content == prompt and "kun ud fra de nummererede kilder" in system.content
    sources = corpus_assistant.settings.retrieval_k
    for n in range(1, sources + 1):
        assert f"\n[{n}] " in "\n" + human.content
    assert f"[{sources + 1}] " not in human.content
    assert QUESTION in human.content


def test_fake_model_streams_tokens_and_answer_is_cited(corpus_assistant):
    stream = corpus_assistant.chat_session(chat_model=fake(CITED)).stream(QUESTION)
    tokens = list(stream)
    assert len(tokens) > 5 and "".join(tokens) == CITED
    answer = stream.answer
    assert answer.mode == "llm" and answer.answered and answer.text == CITED
    assert [c.n for c in answer.citations] == [1, 2]
    for c in answer.citations:
        assert c.quote in c.chunk_text
    assert answer.notices == []


def test_fake_model_on_token_callback_receives_the_text(corpus_assistant):
    received: list[str] = []
    corpus_assistant.chat_session(chat_model=fake(CITED)).ask(QUESTION, on_token=received.append)
    assert "".join(received) == CITED


def test_fake_model_invalid_markers_removed_and_uncited_sentences_reported(corpus_assistant):
    reply = (
        "Leg i mindre grupper styrker relationerne [1]. Det hjælper også at ændre rummene [9]. "
        "Personalet bør altid holde møder om fredagen."
    )
    answer = corpus_assistant.chat_session(chat_model=fake(reply)).ask(QUESTION)
    assert answer.mode == "llm"
    assert "[9]" not in answer.text and "[1]" in answer.text
    assert any("[9]" in n and "fjernet" in n for n in answer.notices)
    uncited = [n for n in answer.notices if "ingen kildehenvisning" in n]
    assert any("fredagen" in n for n in uncited) and any("ændre rummene" in n for n in uncited)
    assert not any("mindre grupper styrker" in n for n in uncited)
    assert [c.n for c in answer.citations] == [1]


def test_removed_markers_notice_agrees_in_number():
    assert removed_notice([9]).endswith("henviste til [9], som ikke er blandt kilderne; henvisningen er fjernet.")
    assert removed_notice([7, 9]).endswith("henviste til [7] og [9], som ikke er blandt kilderne; henvisningerne er fjernet.")


def test_check_renumbers_sources_by_first_use():
    checked = check("A er vigtigt [3]. B er også vigtigt [1, 3]. C mangler kilde her.", sources=3)
    assert checked.text == "A er vigtigt [1]. B er også vigtigt [2][1]. C mangler kilde her."
    assert checked.used == [3, 1] and checked.removed == []
    assert checked.uncited == ["C mangler kilde her."]


def test_fake_model_without_valid_citations_falls_back_to_offline(corpus_assistant):
    answer = corpus_assistant.chat_session(chat_model=fake("Børn har brug for venner [7].")).ask(QUESTION)
    assert answer.mode == "offline" and answer.answered and answer.citations
    assert any("henviste ikke til nogen af kilderne" in n for n in answer.notices)


def test_fake_model_refusal_is_kept(corpus_assistant):
    answer = corpus_assistant.chat_session(chat_model=fake("Det dækker dokumenterne ikke.")).ask(QUESTION)
    assert answer.mode == "llm" and not answer.answered and answer.citations == []


def test_fake_model_that_fails_falls_back_to_offline_with_notice(corpus_assistant):
    answer = corpus_assistant.chat_session(chat_model=fake(CITED, cls=FailingFakeChatModel)).ask(QUESTION)
    assert answer.mode == "offline" and answer.answered and answer.citations
    assert answer.text == corpus_assistant.chat_session().ask(QUESTION).text  # the offline answer itself
    assert any("Sprogmodellen kunne ikke bruges" in n and "ConnectionError" in n for n in answer.notices)


def test_fake_model_that_times_out_falls_back_to_offline(corpus_assistant, corpus_data_dir):
    assistant = build_assistant(make_settings(corpus_data_dir, llm_timeout=0.5), embedder=corpus_assistant.embedder)
    started = time.perf_counter()
    answer = assistant.chat_session(chat_model=fake(CITED, cls=SlowFakeChatModel)).ask(QUESTION)
    assert time.perf_counter() - started < 12  # did not wait for the model's 15 s
    assert answer.mode == "offline" and answer.citations
    assert any("inden for 0.5 sekunder" in n for n in answer.notices)


def test_weak_evidence_is_refused_without_asking_the_fake_model(corpus_assistant):
    model = fake(CITED)
    answer = corpus_assistant.chat_session(chat_model=model).ask("Hvem vandt Superligaen i fodbold sidste sæson?")
    assert not answer.answered and model.calls == []


def test_personal_data_is_redacted_before_the_fake_model_sees_it(corpus_assistant):
    model = fake(CITED)
    session = corpus_assistant.chat_session(chat_model=model)
    answer = session.ask(QUESTION + " Barnets CPR er 010203-1234.")
    assert "010203-1234" not in model.calls[0][1].content
    assert "[CPR-nummer fjernet]" in model.calls[0][1].content
    assert "010203-1234" not in session.history[0].question
    assert any("personoplysninger" in n for n in answer.notices)


def test_fake_model_condenses_follow_up_for_search(corpus_assistant):
    condensed = "Hvordan arbejder dagplejen med børn i mindre grupper?"
    model = fake(CITED, condensed, CITED)
    session = corpus_assistant.chat_session(chat_model=model)
    session.ask("Hvorfor er det godt at dele børnene op i mindre grupper?")
    answer = session.ask("Hvad med i dagplejen?")
    assert answer.search_query == condensed and answer.question == "Hvad med i dagplejen?"
    condense_prompt = model.calls[1][1].content
    assert "mindre grupper" in condense_prompt and "Hvad med i dagplejen?" in condense_prompt


@pytest.mark.parametrize(
    "provider, extra, cls",
    [("ollama", {"llm_base_url": "http://localhost:11434"}, "ChatOllama"),
     ("openai", {"llm_base_url": "http://localhost:8000/v1", "llm_api_key": "k"}, "ChatOpenAI"),
     ("azure", {"llm_base_url": "https://x.openai.azure.com", "llm_api_key": "k", "llm_api_version": "2024-06-01"},
      "AzureChatOpenAI")],
)
def test_make_chat_model_maps_providers(tmp_path, provider, extra, cls):
    settings = make_settings(tmp_path, llm_provider=provider, llm_model="m", **extra)
    assert type(make_chat_model(settings)).__name__ == cls
