"""Rendering: functions that turn results and content into Rich renderables; none of them print."""
