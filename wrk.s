Running 4s test @ http://127.0.0.1:9125/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   444.52us  291.66us  10.98ms   89.39%
    Req/Sec    38.29k     4.34k   46.41k    65.00%
  152051 requests in 4.00s, 24.80MB read
Requests/sec:  38010.03
Transfer/sec:      6.20MB
