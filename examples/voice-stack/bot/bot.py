# The voice bot: Pipecat Cloud's base image calls bot() once per session, with
# OPENAI_API_KEY and CARTESIA_API_KEY in the environment (from the secret set).
import os

from pipecat.runner.types import RunnerArguments


async def bot(runner_args: RunnerArguments):
    print("voice-stack session; keys present:", sorted(k for k in ("OPENAI_API_KEY", "CARTESIA_API_KEY") if os.environ.get(k)))
