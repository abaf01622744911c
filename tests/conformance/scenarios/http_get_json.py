# The docs' http.get JSON example, against a local server: status and content-type checks, JSON.parse.
import json
import re

import nodehttp as http
from _out import S, C


def handler(req, res):
    S('request', req.method, req.url)
    res.writeHead(200, {'Content-Type': 'application/json'})
    res.end(json.dumps({'data': 'Hello World!', 'n': [1, 2, 3]}))


server = http.createServer(handler)


def on_listen():
    def on_response(res):
        statusCode = res.statusCode
        contentType = res.headers.get('content-type')
        error = None
        if statusCode != 200:
            error = Exception('Request Failed.\n' + 'Status Code: %s' % statusCode)
        elif not re.match(r'^application/json', contentType or ''):
            error = Exception('Invalid content-type.\n' + 'Expected application/json but received %s' % contentType)
        if error:
            C(str(error))
            res.resume()
            return
        res.setEncoding('utf8')
        rawData = []
        res.on('data', lambda chunk: rawData.append(chunk))

        def on_end():
            try:
                parsedData = json.loads(''.join(rawData))
                C('parsed', parsedData)
            except Exception as e:
                C(str(e))
            server.close()
        res.on('end', on_end)

    http.get('http://127.0.0.1:%d/' % server.address()['port'], on_response).on('error', lambda e: C('Got error: %s' % e.message))


server.listen(0, '127.0.0.1', on_listen)
