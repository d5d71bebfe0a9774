import { describeTranscripts } from "./clients/run-transcript.ts";
import { jpkiRsSteps } from "./transcripts/jpki-rs.ts";

// Transcripts written from siketyan/jpki-rs's sources (commits in the transcript module), run in process.
describeTranscripts("siketyan/jpki-rs against the card", "P0013", jpkiRsSteps);
