"""Page script: see views/meeting.py."""

from views import meeting
from views.common import get_assistant, render_page

render_page(meeting.render, get_assistant())
