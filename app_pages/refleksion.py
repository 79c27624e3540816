"""Page script: see views/reflection.py."""

from views import reflection
from views.common import get_assistant, render_page

render_page(reflection.render, get_assistant())
