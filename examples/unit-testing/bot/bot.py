# A minimal Pipecat Cloud bot: the base image calls bot() for each session.
from pipecat.runner.types import RunnerArguments

GREETING = "Hello from a Pipecat Cloud build!"


async def bot(runner_args: RunnerArguments):
    print(GREETING)
