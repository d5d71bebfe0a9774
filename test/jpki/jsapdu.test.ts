import { describeTranscripts } from "./clients/run-transcript.ts";
import { jsapduSteps } from "./transcripts/jsapdu.ts";

// Transcripts written from AokiApp/jsapdu's sources (commits in the transcript module), run in process.
describeTranscripts("AokiApp/jsapdu against the card", "P0011", jsapduSteps);
