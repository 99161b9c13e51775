export { gradientKernelNames, registerGradients, type RegisteredGradients } from './register-gradients.js';
export { numericalGradients, type NumericalGradientOptions } from './numerical-gradients.js';
