class ChineseFirstMiddleware:
    """Serve Simplified Chinese unless the person chose another language with the switch.

    Office PCs in the bureau often run English-language browsers; the shipped language of a Chinese government
    system should not depend on that. The switch stores the choice in the language cookie, which still wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
