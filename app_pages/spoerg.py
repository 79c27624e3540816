"""Page script: see views/chat.py."""

from views import chat
from views.common import get_assistant, render_page

render_page(chat.render, get_assistant())
