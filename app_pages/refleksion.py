"""Page script: see views/reflection.py."""

from views import reflection
from views.common import current_assistant, render_page

render_page(reflection.render, current_assistant())
