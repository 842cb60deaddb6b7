// OncoWorkbench: studies and sessions on disk, background jobs (Dispatch), event stream, headless runs.
