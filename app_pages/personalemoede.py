"""Page script: see views/meeting.py."""

from views import meeting
from views.common import current_assistant, render_page

render_page(meeting.render, current_assistant())
