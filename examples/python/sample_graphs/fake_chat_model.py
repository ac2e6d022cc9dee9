"""A fake streaming chat model: real langchain_core machinery (callbacks, chunk ids,
tool-call chunk merging), scripted output, no API key and no network.

Mirrors examples/js/src/fakeChatModel.ts so both servers stream the same conversation.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import RunnableConfig
from langchain_core.utils.function_calling import convert_to_openai_tool

MAX_TOKENS = 1_000_000


@dataclass(frozen=True)
class StreamSettings:
    """How the fake model streams: answer length and pause before each chunk."""

    tokens: int = 12
    delay_ms: int = 15


def _read_integer(raw: Any, name: str, fallback: int, minimum: int) -> int:
    if raw is None or raw == "":
        return fallback
    try:
        value = int(raw) if isinstance(raw, str) else raw
    except ValueError:
        value = None
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= MAX_TOKENS:
        raise ValueError(
            f"configurable.{name} must be an integer between {minimum} and {MAX_TOKENS}, "
            f"got {json.dumps(raw)}"
        )
    return value


def stream_settings_from_config(config: RunnableConfig | None) -> StreamSettings:
    """Read `configurable.tokens` and `configurable.delay_ms`, with clear errors."""
    configurable = (config or {}).get("configurable") or {}
    defaults = StreamSettings()
    return StreamSettings(
        tokens=_read_integer(configurable.get("tokens"), "tokens", defaults.tokens, 1),
        delay_ms=_read_integer(configurable.get("delay_ms"), "delay_ms", defaults.delay_ms, 0),
    )


def city_from_messages(messages: Sequence[BaseMessage]) -> str:
    """The city asked about in the last human message ("… in Berlin?"), or Paris."""
    for message in reversed(messages):
        if message.type == "human":
            match = re.search(r"\bin ([A-Z][\w-]*(?: [A-Z][\w-]*)*)", message.text)
            return match.group(1) if match else "Paris"
    return "Paris"


def answer_tokens(text: str, count: int) -> list[str]:
    """Split `text` into `count` word-like tokens (repeating the text when it is too short)."""
    words = text.split(" ")
    return [words[i % len(words)] if i == 0 else " " + words[i % len(words)] for i in range(count)]


def _split_into(text: str, parts: int) -> list[str]:
    size = -(-len(text) // parts)
    return [text[start : start + size] for start in range(0, len(text), size)]


class FakeStreamingChatModel(BaseChatModel):
    """Streams a `get_weather` tool call when tools are bound and no tool result follows the
    last human message; otherwise streams a final answer token by token."""

    settings: StreamSettings = StreamSettings()
    tool_names: list[str] = []
    greet: str | None = None
    """A name the final answer greets first (the agent's runtime context `user_name`)."""

    @classmethod
    def from_config(cls, config: RunnableConfig | None, greet: str | None = None) -> FakeStreamingChatModel:
        """A model configured from the run's `configurable` (tokens, delay_ms); `greet`: a name the answer starts with."""
        return cls(settings=stream_settings_from_config(config), greet=greet)

    @property
    def _llm_type(self) -> str:
        return "fake-streaming"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> FakeStreamingChatModel:
        names = [convert_to_openai_tool(t)["function"]["name"] for t in tools]
        return FakeStreamingChatModel(settings=self.settings, tool_names=names, greet=self.greet)

    def _script(self, messages: list[BaseMessage]) -> list[AIMessageChunk]:
        if self._wants_tool_call(messages):
            return self._tool_call_chunks(messages)
        return self._answer_chunks(messages)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for message in self._script(messages):
            if self.settings.delay_ms > 0:
                time.sleep(self.settings.delay_ms / 1000)
            chunk = ChatGenerationChunk(message=message)
            if run_manager:
                run_manager.on_llm_new_token(message.text, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for message in self._script(messages):
            if self.settings.delay_ms > 0:
                await asyncio.sleep(self.settings.delay_ms / 1000)
            chunk = ChatGenerationChunk(message=message)
            if run_manager:
                await run_manager.on_llm_new_token(message.text, chunk=chunk)
            yield chunk

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        merged: AIMessageChunk | None = None
        for chunk in self._stream(messages, stop, run_manager, **kwargs):
            merged = chunk.message if merged is None else merged + chunk.message
        message = AIMessage(
            content=merged.content if merged else "",
            tool_calls=merged.tool_calls if merged else [],
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _wants_tool_call(self, messages: list[BaseMessage]) -> bool:
        if "get_weather" not in self.tool_names:
            return False
        last_human = max((i for i, m in enumerate(messages) if m.type == "human"), default=-1)
        return not any(isinstance(m, ToolMessage) for m in messages[last_human + 1 :])

    def _tool_call_chunks(self, messages: list[BaseMessage]) -> list[AIMessageChunk]:
        args = json.dumps({"city": city_from_messages(messages)}, separators=(",", ":"))
        call_id = f"call_weather_{len(messages)}"
        chunks = []
        for index, piece in enumerate(_split_into(args, 4)):
            first = index == 0
            chunks.append(
                AIMessageChunk(
                    content="",
                    tool_call_chunks=[
                        {
                            "type": "tool_call_chunk",
                            "index": 0,
                            "args": piece,
                            "id": call_id if first else None,
                            "name": "get_weather" if first else None,
                        }
                    ],
                )
            )
        return chunks

    def _answer_chunks(self, messages: list[BaseMessage]) -> list[AIMessageChunk]:
        tool_result = next((m for m in reversed(messages) if isinstance(m, ToolMessage)), None)
        if tool_result is not None:
            text = f"Here is the forecast: {tool_result.text} Enjoy your day!"
        else:
            said = messages[-1].text if messages else ""
            text = f"You said: {said or 'nothing'}. This is a streamed answer."
        if self.greet:
            text = f"Hello {self.greet}! {text}"
        return [AIMessageChunk(content=token) for token in answer_tokens(text, self.settings.tokens)]
