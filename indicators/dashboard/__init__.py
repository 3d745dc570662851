"""Frames, figures, exports and labels for the dashboard; pure functions, never streamlit."""
