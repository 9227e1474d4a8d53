// placeholder replaced by the seed generator
console.log('seed: not yet');
