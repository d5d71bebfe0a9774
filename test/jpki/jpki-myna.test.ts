import { describeTranscripts } from "./clients/run-transcript.ts";
import { jpkiMynaGoSteps } from "./transcripts/jpki-myna-go.ts";
import { jpkiMynaRustSteps } from "./transcripts/jpki-myna-rust.ts";

// Transcripts written from jpki/myna's sources (commits in the transcript modules), run in process.
describeTranscripts("jpki/myna Go (_go/libmyna) against the card", "P0001", jpkiMynaGoSteps);
describeTranscripts("jpki/myna Rust (src/) against the card", "P0004", jpkiMynaRustSteps);
