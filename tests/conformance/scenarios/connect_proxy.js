// The docs' 'connect' example, all local: a tunnelling proxy (server 'connect') and a client ('connect').
const http = require('http');
const net = require('net');
const { S, C } = require('./_out');

const origin = http.createServer((req, res) => res.end('hello from the origin\n'));
origin.listen(0, '127.0.0.1', () => {
  const originPort = origin.address().port;

  const proxy = http.createServer((req, res) => res.end('okay'));
  proxy.on('connect', (req, clientSocket, head) => {
    S('connect', req.method, req.url === `127.0.0.1:${originPort}`, head);
    const [hostname, port] = req.url.split(':');
    const serverSocket = net.connect(Number(port), hostname, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n' +
                         'Proxy-agent: Node.js-Proxy\r\n' +
                         '\r\n');
      serverSocket.write(head);
      serverSocket.pipe(clientSocket);
      clientSocket.pipe(serverSocket);
    });
  });

  proxy.listen(0, '127.0.0.1', () => {
    const req = http.request({
      port: proxy.address().port,
      host: '127.0.0.1',
      method: 'CONNECT',
      path: `127.0.0.1:${originPort}`,
    });
    req.end();
    req.on('connect', (res, socket, head) => {
      C('got connected!', res.statusCode, res.statusMessage, res.headers, head);
      socket.write('GET / HTTP/1.1\r\n' +
                   'Host: 127.0.0.1\r\n' +
                   'Connection: close\r\n' +
                   '\r\n');
      const data = [];
      socket.on('data', (chunk) => data.push(chunk));
      socket.on('end', () => {
        C('tunnelled body', Buffer.concat(data).toString().split('\r\n\r\n')[1]);
        proxy.close();
        origin.close();
      });
    });
  });
});
