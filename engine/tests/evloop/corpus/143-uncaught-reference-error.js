// oracle: node
// exit: 1
// A typo in a name is only found when the line runs: the output before it is printed.
const config = { retries: 3 };
console.log('starting with', config);
class Client {
  connect() {
    console.log('connecting...');
    return confg.retries;
  }
}
new Client().connect();
console.log('never printed');
