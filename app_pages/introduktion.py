"""Page script: see views/intro.py."""

from views import intro
from views.common import get_assistant, render_page

render_page(intro.render, get_assistant())
