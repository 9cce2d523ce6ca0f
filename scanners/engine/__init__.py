"""The detection path: text reading, trigger prefilter, engine, pipeline, findings and coverage, parallel scans."""
