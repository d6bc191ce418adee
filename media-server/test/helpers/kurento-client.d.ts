declare module 'kurento-client';
