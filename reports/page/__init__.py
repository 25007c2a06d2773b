"""The HTML page: rendering (Jinja2), formulas as MathML, figures as inline SVG, claim depths."""
