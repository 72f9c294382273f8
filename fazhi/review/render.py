def render_html(results):  # placeholder replaced below
    raise NotImplementedError
render_html_fragment = render_text = render_html
