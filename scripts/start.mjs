// `./lantern start`: starts what Lantern has today. Grows with the product (see README).
console.log('Lantern: nothing to start yet; see README.');
