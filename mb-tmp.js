const lines=[];for(let i=0;i<100000;i++)lines.push(`2 123456789010 eni-1235b8ca123456789 10.0.${i%4}.${i%250} 10.0.1.${i%200} ${30000+i%30000} 443 6 20 4249 1700000000 1700000060 ACCEPT OK`);
const big=lines.join('\n');
const ls=big.split('\n');
const starts=new Int32Array(64), ends=new Int32Array(64);
function scan(line){const n=line.length;let count=0,i=0;while(i<n){while(i<n&&line.charCodeAt(i)<=32)i++;if(i>=n)break;const s=i;while(i<n&&line.charCodeAt(i)>32)i++;if(count<64){starts[count]=s;ends[count]=i;}count++;}return count;}
function scan2(line){const n=line.length;let count=0;let s=0;let prevWs=true; for(let i=0;i<n;i++){const ws=line.charCodeAt(i)<=32; if(ws!==prevWs){ if(ws){ends[count++]=i;} else {starts[count]=i;} prevWs=ws;}} if(!prevWs)ends[count++]=n; return count;}
function scanIdx(line){let count=0;let i=0;const n=line.length;while(i<n){let j=line.indexOf(' ',i);if(j<0)j=n;if(j>i){starts[count]=i;ends[count]=j;count++;}i=j+1;}return count;}
function bench(name,f){for(let w=0;w<5;w++)for(const l of ls)f(l);const t0=process.hrtime.bigint();let x=0;for(let r=0;r<20;r++)for(const l of ls)x+=f(l);console.log(name,(Number(process.hrtime.bigint()-t0)/1e6/20).toFixed(1),'ms',x);}
bench('scan',scan);bench('scan2',scan2);bench('indexOf',scanIdx);bench('split',l=>l.split(' ').length);
const flat=ls.map(l=>(' '+l).slice(1)); // flatten
bench('scan-flat',l=>scan(l));
const flat2 = JSON.parse(JSON.stringify(ls));
function bench2(name,f,arr){for(let w=0;w<5;w++)for(const l of arr)f(l);const t0=process.hrtime.bigint();let x=0;for(let r=0;r<20;r++)for(const l of arr)x+=f(l);console.log(name,(Number(process.hrtime.bigint()-t0)/1e6/20).toFixed(1),'ms',x);}
bench2('flat scan',scan,flat2);bench2('flat indexOf',scanIdx,flat2);bench2('flat split',l=>l.split(' ').length,flat2);
bench2('flat tab check',l=>l.indexOf('\t'),flat2);
