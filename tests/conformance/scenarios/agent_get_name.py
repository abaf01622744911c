# agent.getName(options) for a few option sets; Agent defaults.
import nodehttp as http
from _out import M

agent = http.Agent()
M('getName host+port', agent.getName({'host': '127.0.0.1', 'port': 8080}))
M('getName localAddress', agent.getName({'host': 'example.com', 'port': 80, 'localAddress': '127.0.0.2'}))
M('getName family', agent.getName({'host': 'localhost', 'port': 3000, 'family': 6}))
M('getName empty', agent.getName({}))
M('defaults', agent.keepAlive, agent.maxSockets, agent.maxFreeSockets, agent.maxTotalSockets, agent.scheduling)
M('globalAgent', isinstance(http.globalAgent, http.Agent), http.globalAgent.keepAlive)
M('keepAlive agent', http.Agent({'keepAlive': True, 'maxSockets': 3}).maxSockets)
