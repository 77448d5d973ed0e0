// A failed deployment's log tail is quoted in the error; what looks like a secret is not.
import { expect, it } from "vitest";
import { redactSecrets } from "../../src/agent/provider";

it.each([
  ["Settings: OPENAI_API_KEY=sk-live-0123456789 model=gpt-4o", "Settings: OPENAI_API_KEY=[redacted] model=gpt-4o"],
  ['config {"cartesia_api_key": "abc123def456"}', 'config {"cartesia_api_key": "[redacted]"}'],
  ["DAILY_TOKEN: eyJhbGciOi", "DAILY_TOKEN: [redacted]"],
  ["password=hunter2", "password=[redacted]"],
  ["using key sk-proj-abcdefghijkl", "using key [redacted]"],
  ["public pk_0123456789abcdef", "public [redacted]"],
  ["Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [redacted]"],
  ["ModuleNotFoundError: No module named 'bot'", "ModuleNotFoundError: No module named 'bot'"],
  ["INFO:     Uvicorn running on http://0.0.0.0:8080", "INFO:     Uvicorn running on http://0.0.0.0:8080"],
  ["keyboard=on monkey=1", "keyboard=on monkey=1"],
])("%j → %j", (line, expected) => {
  expect(redactSecrets(line)).toBe(expected);
});

it.each([["apiKey: abcdef123456", "apiKey: [redacted]"], ["DEEPGRAM_API_KEY_V2=xyz", "DEEPGRAM_API_KEY_V2=[redacted]"], ["tokenizer=fast", "tokenizer=fast"]])("%j → %j", (line, expected) => {
  expect(redactSecrets(line)).toBe(expected);
});
