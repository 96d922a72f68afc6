// Imported first by the page's entry, before any module builds a zod schema: zod decides at
// construction whether to compile validators with `new Function`, and probes for it then, which a
// Content-Security-Policy without 'unsafe-eval' reports as a violation. One article at a time
// needs no compiled validators.
import { z } from "zod";

z.config({ jitless: true });
