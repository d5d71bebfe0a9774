import { describeTranscripts } from "./clients/run-transcript.ts";
import { mynaCardSteps } from "./transcripts/myna-card.ts";

// Transcripts written from soltia48/myna-card's sources (commits in the transcript module), run in process.
describeTranscripts("soltia48/myna-card against the card", "P0014", mynaCardSteps);
