"""reportlab: every PDF the application writes."""
